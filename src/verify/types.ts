import type { ChainStatus } from './crypto/chain';
import type { RevocationStatus } from './crypto/revocation';
import type { ChangeCategory } from './pdf/changes';
import type { Inflate } from './pdf/inflate';

/**
 * The verifier's result model (after pyHanko's validation model): plain, JSON-ready, frozen.
 * Times are ISO-8601 strings. Every "not checked / not known" is explicit, never omitted.
 */
export type Integrity =
  | 'intact'
  /** The bytes do not match the CMS messageDigest (or the encapsulated content, or the time-stamp imprint). */
  | 'digest-mismatch'
  /** /ByteRange is malformed or points outside the file. */
  | 'byterange-invalid'
  /** An algorithm the verifier does not implement (named in errors). */
  | 'unsupported'
  /** /Contents is not a readable CMS SignedData. */
  | 'unreadable';

export type PadesLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';

export interface TimestampReport {
  time: string | null;
  /** The token's own CMS signature verifies and its imprint matches. */
  valid: boolean;
  tsa: string | null;
  imprintMatches: boolean;
  chain: ChainStatus;
}

/**
 * Why a signature or archive time-stamp still counts at the verification time ("now"), or why
 * not: the proof that it existed while its certificates were valid (ETSI EN 319 102-1's proof
 * of existence), from its own time-stamp or from a chain of archive (document) time-stamps.
 */
export interface LongTermReport {
  /** The time the signature (or time-stamp) is proven to have existed; null when unproven. */
  provenAt: string | null;
  by: 'signature-timestamp' | 'archive-timestamp' | null;
  /** For an archive time-stamp: the time its own chain was judged at (the next one's, or now). */
  checkedAt?: string;
  note: string;
}

export interface SignatureReport {
  index: number;
  fieldName: string;
  kind: 'signature' | 'document-timestamp';
  subFilter: string | null;
  signer: string | null;
  organisation: string | null;
  /** Claimed time: CMS signing-time, else the dictionary's /M (for a document time-stamp: its genTime). */
  signedAt: string | null;
  reason: string | null;
  location: string | null;
  algorithm: string | null;
  timestamp: TimestampReport | null;
  integrity: Integrity;
  signatureValid: boolean;
  chain: ChainStatus;
  /** The certificate chain by display name, signer first; the trust anchor last when trusted. */
  chainPath: string[];
  revocation: RevocationStatus;
  /** Index of the revision whose end the /ByteRange reaches. */
  coversRevision: number;
  totalDocument: boolean;
  modifiedAfter: boolean;
  /** Disallowed changes after this signature, human-readable. */
  modifications: string[];
  level: PadesLevel | null;
  /** Proof of existence and why the signature holds after its certificates expire (null: not judged). */
  longTerm: LongTermReport | null;
  /** DocMDP permission level (1–3) when this is a certification signature. */
  docMdp: 1 | 2 | 3 | null;
  errors: string[];
}

export interface RevisionChangeItem {
  object: number | null;
  category: ChangeCategory;
  description: string;
}

export interface RevisionReport {
  index: number;
  startxref: number;
  endOffset: number;
  changes: { summary: string; items: RevisionChangeItem[] };
}

export interface VerificationReport {
  valid: boolean;
  reasons: string[];
  signatures: SignatureReport[];
  revisions: RevisionReport[];
  file: { size: number; sha256: string };
  warnings: string[];
  checkedAt: string;
}

export interface VerifyLimits {
  maxBytes: number;
  timeMs: number;
}

export interface VerifyOptions {
  /** Trust anchors, DER or PEM (on Node, src/verify/node reads them from a folder). */
  anchors: Uint8Array[];
  /** CRLs (DER or PEM) besides those in the file, e.g. the trust folder's and the development PKI's. */
  crls?: Uint8Array[];
  /**
   * Reference time for "now" (defaults to the current time): archive time-stamps are judged
   * up to it, and a certificate expired by then counts only with proof kept in the file.
   */
  now?: Date;
  limits?: Partial<VerifyLimits>;
  /** FlateDecode's implementation (./pdf/inflate): fflate by default; src/verify/node passes Node's zlib. */
  inflate?: Inflate;
}

export const DEFAULT_LIMITS: VerifyLimits = { maxBytes: 50 * 1024 * 1024, timeMs: 20_000 };

export function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as object)) deepFreeze(v);
  }
  return o;
}
