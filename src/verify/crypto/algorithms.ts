import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { sha3_256, sha3_384, sha3_512, shake256 } from '@noble/hashes/sha3.js';
import { concatBytes } from '../bytes';

/**
 * Digest and signature algorithms by OID. Digests WebCrypto has run natively (`subtle`, the
 * large signed byte ranges); the others (SHA-224, SHA-3, SHAKE256, MD5: kept to recognise weak
 * algorithms) come from @noble/hashes. An OID not listed here is reported as unsupported by
 * name, never silently treated as valid or invalid. Signatures are checked in ./signature-check.
 */
export interface DigestAlgorithm {
  name: string;
  /** WebCrypto's name when it implements the digest. */
  subtle?: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';
  noble: (data: Uint8Array) => Uint8Array;
  /** DER of the AlgorithmIdentifier's OID (RSA PKCS#1 v1.5 DigestInfo). */
  oid: string;
}

const DIGEST_LIST: DigestAlgorithm[] = [
  { oid: '1.3.14.3.2.26', name: 'SHA-1', subtle: 'SHA-1', noble: sha1 },
  { oid: '2.16.840.1.101.3.4.2.4', name: 'SHA-224', noble: sha224 },
  { oid: '2.16.840.1.101.3.4.2.1', name: 'SHA-256', subtle: 'SHA-256', noble: sha256 },
  { oid: '2.16.840.1.101.3.4.2.2', name: 'SHA-384', subtle: 'SHA-384', noble: sha384 },
  { oid: '2.16.840.1.101.3.4.2.3', name: 'SHA-512', subtle: 'SHA-512', noble: sha512 },
  { oid: '2.16.840.1.101.3.4.2.8', name: 'SHA3-256', noble: sha3_256 },
  { oid: '2.16.840.1.101.3.4.2.9', name: 'SHA3-384', noble: sha3_384 },
  { oid: '2.16.840.1.101.3.4.2.10', name: 'SHA3-512', noble: sha3_512 },
  // RFC 8419: SHAKE256 with a 512-bit output when used with Ed448.
  { oid: '2.16.840.1.101.3.4.2.12', name: 'SHAKE256', noble: (d) => shake256(d, { dkLen: 64 }) },
  { oid: '1.2.840.113549.2.5', name: 'MD5', noble: md5 },
];
const DIGESTS = new Map(DIGEST_LIST.map((d) => [d.oid, d]));

/** Signature OIDs that fix their digest; the SignerInfo's digestAlgorithm must agree. */
export const RSA_WITH: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'SHA-1',
  '1.2.840.113549.1.1.14': 'SHA-224',
  '1.2.840.113549.1.1.11': 'SHA-256',
  '1.2.840.113549.1.1.12': 'SHA-384',
  '1.2.840.113549.1.1.13': 'SHA-512',
};
export const ECDSA_WITH: Record<string, string> = {
  '1.2.840.10045.4.1': 'SHA-1',
  '1.2.840.10045.4.3.1': 'SHA-224',
  '1.2.840.10045.4.3.2': 'SHA-256',
  '1.2.840.10045.4.3.3': 'SHA-384',
  '1.2.840.10045.4.3.4': 'SHA-512',
};
export const SIG_OID = {
  rsa: '1.2.840.113549.1.1.1',
  pss: '1.2.840.113549.1.1.10',
  ec: '1.2.840.10045.2.1',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
};

export class UnsupportedAlgorithmError extends Error {}

export function digestInfo(oid: string): DigestAlgorithm {
  const d = DIGESTS.get(oid);
  if (!d) throw new UnsupportedAlgorithmError(`digest algorithm ${oid} is not a known digest algorithm`);
  return d;
}

/**
 * The digest port: the digest (named as in DIGEST_LIST) of the concatenated parts, or undefined
 * for an algorithm it does not take (the portable code hashes it). The portable default is
 * WebCrypto, else @noble, on the parts joined into one array; a platform with a synchronous
 * native hash that takes the parts one at a time supplies one (Node's crypto, in src/verify/node):
 * the ByteRanges of every signature and time-stamp of an LT document are most of the file each,
 * so joining and hashing them asynchronously costs more than the rest of the verification.
 * Set once per process, as NativeSignatures is: the digest code has no per-verification options,
 * and both give the same bytes (src/verify/node/digests.test.ts).
 */
export type NativeDigests = (name: string, parts: readonly Uint8Array[]) => Uint8Array | undefined;

let nativeDigests: NativeDigests | undefined;

export function useNativeDigests(n: NativeDigests | undefined): void {
  nativeDigests = n;
}

/** The digest of the concatenated parts: natively where the platform or WebCrypto can, else in JavaScript. */
export async function digest(oid: string, parts: Uint8Array | Uint8Array[]): Promise<Uint8Array> {
  const d = digestInfo(oid);
  const list = Array.isArray(parts) ? parts : [parts];
  return nativeDigests?.(d.name, list) ?? portableDigest(d, list);
}

/** The portable digest: WebCrypto where it implements the algorithm, else @noble. */
export async function portableDigest(d: DigestAlgorithm, parts: readonly Uint8Array[]): Promise<Uint8Array> {
  const data = concatBytes(parts);
  if (d.subtle) return new Uint8Array(await globalThis.crypto.subtle.digest(d.subtle, data as Uint8Array<ArrayBuffer>));
  return d.noble(data);
}

/** Every digest algorithm the verifier knows, by its name (tests compare the implementations on each). */
export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = DIGEST_LIST;

/** SHA-256 in hex, synchronously (cache keys and fingerprints of small objects). */
export function sha256Hex(data: Uint8Array): string {
  let s = '';
  for (const b of sha256(data)) s += b.toString(16).padStart(2, '0');
  return s;
}

export interface SignatureParams {
  sigOid: string;
  digestOid: string;
  /** RSASSA-PSS parameters when sigOid is id-RSASSA-PSS. */
  pss?: { hashOid: string; saltLength: number };
}

export function signatureAlgorithmName(p: SignatureParams): string {
  if (p.sigOid === SIG_OID.ed25519) return 'Ed25519';
  if (p.sigOid === SIG_OID.ed448) return 'Ed448';
  const h = DIGESTS.get(p.digestOid)?.name ?? p.digestOid;
  if (p.sigOid === SIG_OID.pss) return `RSA-PSS with ${DIGESTS.get(p.pss?.hashOid ?? '')?.name ?? h}`;
  if (p.sigOid === SIG_OID.rsa || p.sigOid in RSA_WITH) return `RSA with ${h}`;
  if (p.sigOid === SIG_OID.ec || p.sigOid in ECDSA_WITH) return `ECDSA with ${h}`;
  return p.sigOid;
}

/** Parameters for an X.509-style signature (certificate, CRL, OCSP) whose OID fixes the digest. */
export function paramsForSignatureOid(sigOid: string, pss?: { hashOid: string; saltLength: number }): SignatureParams {
  const fixed = RSA_WITH[sigOid] ?? ECDSA_WITH[sigOid];
  const byName = DIGEST_LIST.find((d) => d.name === fixed)?.oid;
  if (sigOid === SIG_OID.pss && pss) return { sigOid, digestOid: pss.hashOid, pss };
  // md5WithRSAEncryption: old self-signed roots still carry it (their signature proves nothing; their place as anchor does).
  if (sigOid === '1.2.840.113549.1.1.4') return { sigOid: SIG_OID.rsa, digestOid: '1.2.840.113549.2.5' };
  if (sigOid === SIG_OID.ed25519 || sigOid === SIG_OID.ed448) return { sigOid, digestOid: '' };
  if (!byName) throw new UnsupportedAlgorithmError(`signature algorithm ${sigOid} is not supported`);
  return { sigOid, digestOid: byName };
}
