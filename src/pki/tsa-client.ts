import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { ContentInfo, SignedData } from '@peculiar/asn1-cms';
import * as tsp from '@peculiar/asn1-tsp';
import { UnavailableError, UnprocessableError } from '../shared/errors';
import { hashNameFromOid, normaliseSerial, toHex, type HashName } from './crypto';
import { childrenOf, readTlv } from './der';
import { MalformedPkiDataError } from './errors';
import { buildTimeStampRequest, randomNonce, type TimeStampAuthority } from './tsa';

/**
 * RFC 3161 client: asks an external TSA over HTTP (`application/timestamp-query`) or the
 * in-process authority directly, checks that the token answers this request (imprint and
 * nonce), and returns the token — the DER ContentInfo that goes into a CAdES
 * signature-time-stamp attribute.
 */

const TIMEOUT_MS = 15_000;
const MAX_RESPONSE_BYTES = 1 << 20;

export interface TimeStampTokenInfo {
  genTime: Date;
  serialNumber: string;
  policy: string;
  hash: HashName;
  digest: Uint8Array;
  nonce?: string;
  /** Milliseconds of accuracy stated by the TSA, when given. */
  accuracyMs?: number;
}

export async function requestTimestamp(tsa: string | TimeStampAuthority, digest: Uint8Array, hashAlg: HashName = 'SHA-256'): Promise<Uint8Array> {
  const nonce = randomNonce();
  const request = buildTimeStampRequest(digest, hashAlg, nonce);
  const responseDer = typeof tsa === 'string' ? await postQuery(tsa, request) : await tsa.respond(request);
  const token = tokenFromResponse(responseDer);
  const info = parseTimeStampToken(token);
  if (info.hash !== hashAlg || !Buffer.from(info.digest).equals(Buffer.from(digest))) {
    throw new UnprocessableError('tsa_mismatch', 'the time-stamp token does not cover the digest that was sent');
  }
  if (info.nonce !== normaliseSerial(toHex(nonce))) throw new UnprocessableError('tsa_mismatch', 'the time-stamp token does not echo our nonce');
  return token;
}

async function postQuery(url: string, body: Uint8Array): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    throw new UnavailableError('tsa_unavailable', `the time-stamping authority at ${url} did not answer: ${(e as Error).message}`);
  }
  if (!res.ok) throw new UnavailableError('tsa_unavailable', `the time-stamping authority at ${url} answered HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes.length > MAX_RESPONSE_BYTES) throw new UnprocessableError('tsa_response_too_large', 'the time-stamp response is larger than 1 MiB');
  return bytes;
}

/** TimeStampResp → token DER; a rejection becomes an UnprocessableError with the TSA's reason. */
export function tokenFromResponse(responseDer: Uint8Array): Uint8Array {
  const { status, statusInfo, token } = splitResponse(responseDer);
  const granted = status === tsp.PKIStatus.granted || status === tsp.PKIStatus.grantedWithMods;
  if (!granted || !token) {
    const info = AsnConvert.parse(statusInfo, tsp.PKIStatusInfo);
    throw new UnprocessableError('tsa_rejected', `the time-stamping authority refused: ${info.statusString?.join('; ') || `status ${status}`}`);
  }
  return token;
}

/**
 * Walked by hand (the asn1 classes re-parse every embedded certificate: ~10 ms a token);
 * a response in BER (indefinite lengths), which the walker refuses, goes the slow way.
 */
function splitResponse(der: Uint8Array): { status: number; statusInfo: Uint8Array; token?: Uint8Array } {
  try {
    const parts = childrenOf(der, readTlv(der));
    const statusInt = childrenOf(der, parts[0])[0];
    if (statusInt.tag !== 0x02) throw new Error('no status');
    const token = parts[1] ? der.slice(parts[1].start, parts[1].end) : undefined;
    return { status: der[statusInt.end - 1], statusInfo: der.subarray(parts[0].start, parts[0].end), token };
  } catch {
    try {
      const resp = AsnConvert.parse(der, tsp.TimeStampResp);
      const token = resp.timeStampToken ? new Uint8Array(AsnConvert.serialize(resp.timeStampToken)) : undefined;
      return { status: resp.status.status, statusInfo: new Uint8Array(AsnConvert.serialize(resp.status)), token };
    } catch (e) {
      throw new MalformedPkiDataError('time-stamp response', e);
    }
  }
}

/** Reads the TSTInfo of a token (no signature check: that is the verifier's job). */
export function parseTimeStampToken(tokenDer: Uint8Array): TimeStampTokenInfo {
  try {
    const tst = AsnConvert.parse(tstInfoBytes(tokenDer), tsp.TSTInfo);
    const hash = hashNameFromOid(tst.messageImprint.hashAlgorithm.algorithm);
    if (!hash) throw new Error(`unknown hash ${tst.messageImprint.hashAlgorithm.algorithm}`);
    const acc = tst.accuracy;
    return {
      genTime: tst.genTime,
      serialNumber: toHex(tst.serialNumber),
      policy: tst.policy,
      hash,
      digest: new Uint8Array(tst.messageImprint.hashedMessage.buffer),
      ...(tst.nonce ? { nonce: normaliseSerial(toHex(tst.nonce)) } : {}),
      ...(acc ? { accuracyMs: (acc.seconds ?? 0) * 1000 + (acc.millis ?? 0) + (acc.micros ?? 0) / 1000 } : {}),
    };
  } catch (e) {
    throw new MalformedPkiDataError('time-stamp token', e);
  }
}

/** ContentInfo → [0] → SignedData → encapContentInfo → [0] → OCTET STRING → TSTInfo (BER: the slow way). */
function tstInfoBytes(token: Uint8Array): Uint8Array {
  try {
    const content = childrenOf(token, readTlv(token))[1];
    const signedData = childrenOf(token, childrenOf(token, content)[0]);
    const octets = childrenOf(token, childrenOf(token, signedData[2])[1])[0];
    if (octets.tag !== 0x04) throw new Error('constructed eContent');
    return token.subarray(octets.contentStart, octets.end);
  } catch {
    const signed = AsnConvert.parse(AsnConvert.parse(token, ContentInfo).content, SignedData);
    const eContent = signed.encapContentInfo.eContent;
    const bytes = eContent?.single?.buffer ?? (eContent?.any ? AsnConvert.parse(eContent.any, OctetString).buffer : undefined);
    if (!bytes) throw new Error('the token has no TSTInfo');
    return new Uint8Array(bytes);
  }
}
