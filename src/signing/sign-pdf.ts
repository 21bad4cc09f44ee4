import { X509Certificate, verify } from 'node:crypto';
import { InvalidInputError, UnprocessableError } from '../shared/errors';
import { vietnamIso } from './appearance';
import { assembleCms, sha256, signedAttributesDer, timestampSignature, type TsaClient } from './cades';
import { byteRangeDigest, defaultReserve, embedCms, preparePlaceholder, type PlaceholderOptions, type PreparedPdf } from './placeholder';
import { createCadesSignature, normaliseSignatureValue, type Signer } from './signer';

/**
 * PAdES baseline signing of a PDF, always as an incremental update: B-B, and B-T when a TSA
 * is given. `signPdf` does it in one go with a `Signer`; `prepareExternal`/`completeExternal`
 * split it around an outside signature (token, HSM, remote service) with the same bytes.
 */

export interface SignOptions extends PlaceholderOptions {
  /** RFC 3161 authority (in-process or URL) for the signature-time-stamp (B-T). */
  timestamp?: TsaClient;
}

export interface SignPdfOptions extends SignOptions {
  signer: Signer;
}

export async function signPdf(pdf: Uint8Array, o: SignPdfOptions): Promise<Uint8Array> {
  const certs = [o.signer.certificate, ...o.signer.chain];
  const prepared = await preparePlaceholder(pdf, o, o.reserve ?? defaultReserve(certs, !!o.timestamp));
  const cms = await createCadesSignature(o.signer, byteRangeDigest(prepared), o.timestamp);
  return embedCms(prepared, cms);
}

/** Everything `completeExternal` needs; plain data, so a server can keep it between requests. */
export interface ExternalSigningState {
  prepared: PreparedPdf;
  contentDigest: Uint8Array;
  certificate: Uint8Array;
  chain: Uint8Array[];
}

export interface ExternalPrepared {
  /** SHA-256 of the DER signed attributes: what a token signs (RSA PKCS#1 v1.5 / ECDSA). */
  digest: Uint8Array;
  /** The DER signed attributes themselves, for signers that hash on their own. */
  signedAttributes: Uint8Array;
  certificate: Uint8Array;
  state: ExternalSigningState;
}

export async function prepareExternal(pdf: Uint8Array, o: SignOptions & { certificate: Uint8Array; chain?: Uint8Array[] }): Promise<ExternalPrepared> {
  const chain = o.chain ?? [];
  const prepared = await preparePlaceholder(pdf, o, o.reserve ?? defaultReserve([o.certificate, ...chain], !!o.timestamp));
  const contentDigest = byteRangeDigest(prepared);
  const signedAttributes = signedAttributesDer(contentDigest, o.certificate);
  return { digest: sha256(signedAttributes), signedAttributes, certificate: o.certificate, state: { prepared, contentDigest, certificate: o.certificate, chain } };
}

/**
 * Embeds the outside signature value. It is checked against the certificate first, so a
 * token that signed something else (or with another key) is refused, not embedded.
 */
export async function completeExternal(state: ExternalSigningState, signatureValue: Uint8Array, o: { timestamp?: TsaClient } = {}): Promise<Uint8Array> {
  if (!Buffer.from(byteRangeDigest(state.prepared)).equals(Buffer.from(state.contentDigest))) {
    throw new InvalidInputError('invalid_signing_state', 'the prepared PDF does not match the digest it was prepared with');
  }
  const signature = normaliseSignatureValue(state.certificate, signatureValue);
  const attrs = signedAttributesDer(state.contentDigest, state.certificate);
  const key = new X509Certificate(state.certificate).publicKey;
  if (!verify('sha256', attrs, { key, dsaEncoding: 'der' }, signature)) {
    throw new UnprocessableError('bad_signature_value', 'the signature value does not verify with the certificate over the prepared digest');
  }
  const timestampToken = o.timestamp ? await timestampSignature(signature, o.timestamp) : undefined;
  const cms = assembleCms({ contentDigest: state.contentDigest, certificate: state.certificate, chain: state.chain, signature, timestampToken });
  return embedCms(state.prepared, cms);
}

export interface CertifyCopyOptions {
  signer: Signer;
  /** Copy number in the certification register (số chứng thực). */
  copyNumber: string;
  organisation: string;
  timestamp?: TsaClient;
  now?: Date;
  location?: string;
}

/**
 * Bản sao điện tử chứng thực từ bản chính: the organisation's signature without a seal image,
 * and one 10 pt Liberation Serif line at the top right of page 1 — copy number, organisation,
 * signing time in ISO 8601 +07:00 — drawn by the new signature widget itself, so no page
 * content stream is rewritten and the text is in the same update as the signature.
 */
export async function certifyCopy(pdf: Uint8Array, o: CertifyCopyOptions): Promise<Uint8Array> {
  const now = o.now ?? new Date();
  const line = `Bản sao số ${o.copyNumber} – ${o.organisation} – ${vietnamIso(now)}`;
  return signPdf(pdf, {
    signer: o.signer,
    timestamp: o.timestamp,
    now,
    reason: `Chứng thực bản sao điện tử từ bản chính, số ${o.copyNumber}`,
    location: o.location,
    newField: { name: `copy-${o.copyNumber.replace(/[.]/g, '-')}`, page: 0, rect: 'top-right' },
    appearance: { lines: [line], fontSize: 10, align: 'right' },
  });
}

/** JSON form of the two-step state, for a server that keeps it between prepare and complete. */
export function externalStateToJson(s: ExternalSigningState): string {
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
  return JSON.stringify({
    pdf: b64(s.prepared.bytes),
    contentsStart: s.prepared.contentsStart,
    contentsEnd: s.prepared.contentsEnd,
    contentDigest: b64(s.contentDigest),
    certificate: b64(s.certificate),
    chain: s.chain.map(b64),
  });
}

export function externalStateFromJson(json: string): ExternalSigningState {
  const bytes = (v: unknown) => {
    if (typeof v !== 'string') throw new InvalidInputError('invalid_signing_state', 'the saved signing state is malformed');
    return new Uint8Array(Buffer.from(v, 'base64'));
  };
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(json) as Record<string, unknown>;
  } catch {
    throw new InvalidInputError('invalid_signing_state', 'the saved signing state is not JSON');
  }
  const prepared = { bytes: bytes(o.pdf), contentsStart: Number(o.contentsStart), contentsEnd: Number(o.contentsEnd) };
  const { contentsStart: a, contentsEnd: b } = prepared;
  if (!Number.isInteger(a) || !Number.isInteger(b) || a <= 0 || b <= a || b > prepared.bytes.length || prepared.bytes[a] !== 0x3c || prepared.bytes[b - 1] !== 0x3e) {
    throw new InvalidInputError('invalid_signing_state', 'the saved signing state does not point at a /Contents placeholder');
  }
  if (!Array.isArray(o.chain)) throw new InvalidInputError('invalid_signing_state', 'the saved signing state has no chain');
  return { prepared, contentDigest: bytes(o.contentDigest), certificate: bytes(o.certificate), chain: o.chain.map(bytes) };
}
