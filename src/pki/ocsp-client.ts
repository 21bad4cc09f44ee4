import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, Extension } from '@peculiar/asn1-x509';
import * as ocsp from '@peculiar/asn1-ocsp';
import { UnavailableError, UnprocessableError } from '../shared/errors';
import * as x509 from './x509';
import { parseCert } from './crl';
import { digest, HASH_OIDS } from './crypto';
import { MalformedPkiDataError } from './errors';
import type { OcspResponder } from './ocsp';
import { randomNonce } from './tsa';

/**
 * OCSP client (RFC 6960): asks a responder — over HTTP or in process — about one
 * certificate, and believes the answer only if it is signed by the issuer or by a responder
 * certificate the issuer delegated (EKU OCSPSigning), covers this CertID and echoes our nonce.
 * The raw response is returned too: PAdES B-LT stores it in the DSS dictionary.
 */

export interface OcspResult {
  status: 'good' | 'revoked' | 'unknown';
  revokedAt?: Date;
  reason?: number;
  thisUpdate: Date;
  nextUpdate?: Date;
  producedAt: Date;
  /** DER OCSPResponse as received. */
  responseDer: Uint8Array;
}

export function buildOcspRequest(certDer: Uint8Array, issuerDer: Uint8Array, nonce?: Uint8Array): Uint8Array {
  const issuer = AsnConvert.parse(issuerDer, Certificate).tbsCertificate;
  // SHA-1 CertID: what RFC 5019 responders (most public CAs) are required to understand.
  const certId = new ocsp.CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: HASH_OIDS['SHA-1'], parameters: null }),
    issuerNameHash: new OctetString(digest('SHA-1', new Uint8Array(AsnConvert.serialize(issuer.subject)))),
    issuerKeyHash: new OctetString(digest('SHA-1', new Uint8Array(issuer.subjectPublicKeyInfo.subjectPublicKey))),
    serialNumber: AsnConvert.parse(certDer, Certificate).tbsCertificate.serialNumber,
  });
  const ext = nonce ? [new Extension({ extnID: ocsp.id_pkix_ocsp_nonce, critical: false, extnValue: new OctetString(AsnConvert.serialize(new OctetString(nonce))) })] : undefined;
  const req = new ocsp.OCSPRequest({ tbsRequest: new ocsp.TBSRequest({ requestList: [new ocsp.Request({ reqCert: certId })], ...(ext ? { requestExtensions: ext } : {}) }) });
  return new Uint8Array(AsnConvert.serialize(req));
}

export async function queryOcsp(responder: string | OcspResponder, certDer: Uint8Array, issuerDer: Uint8Array): Promise<OcspResult> {
  const nonce = randomNonce();
  const request = buildOcspRequest(certDer, issuerDer, nonce);
  const responseDer = typeof responder === 'string' ? await post(responder, request) : await responder.respond(request);
  return { ...(await readOcspResponse(responseDer, certDer, issuerDer, nonce)), responseDer };
}

async function post(url: string, body: Uint8Array): Promise<Uint8Array> {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body, signal: AbortSignal.timeout(15_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    throw new UnavailableError('ocsp_unavailable', `the OCSP responder at ${url} did not answer: ${(e as Error).message}`);
  }
}

/** Checks and reads a response about `certDer`. Throws UnprocessableError when it cannot be trusted. */
export async function readOcspResponse(responseDer: Uint8Array, certDer: Uint8Array, issuerDer: Uint8Array, nonce?: Uint8Array): Promise<Omit<OcspResult, 'responseDer'>> {
  let basic: ocsp.BasicOCSPResponse;
  try {
    const resp = AsnConvert.parse(responseDer, ocsp.OCSPResponse);
    if (resp.responseStatus !== ocsp.OCSPResponseStatus.successful || !resp.responseBytes) {
      throw new UnprocessableError('ocsp_refused', `the OCSP responder answered status ${ocsp.OCSPResponseStatus[resp.responseStatus]}`);
    }
    basic = AsnConvert.parse(resp.responseBytes.response.buffer, ocsp.BasicOCSPResponse);
  } catch (e) {
    if (e instanceof UnprocessableError) throw e;
    throw new MalformedPkiDataError('OCSP response', e);
  }
  await verifyResponseSignature(basic, issuerDer);
  const data = basic.tbsResponseData;
  if (nonce) {
    const echoed = data.responseExtensions?.find((e) => e.extnID === ocsp.id_pkix_ocsp_nonce)?.extnValue.buffer;
    const expected = AsnConvert.serialize(new OctetString(nonce));
    if (!echoed || !Buffer.from(echoed).equals(Buffer.from(expected))) throw new UnprocessableError('ocsp_nonce', 'the OCSP response does not echo our nonce');
  }
  const serial = Buffer.from(AsnConvert.parse(certDer, Certificate).tbsCertificate.serialNumber);
  const single = data.responses.find((r) => Buffer.from(r.certID.serialNumber).equals(serial));
  if (!single) throw new UnprocessableError('ocsp_mismatch', 'the OCSP response does not cover this certificate');
  const s = single.certStatus;
  const status = s.revoked ? 'revoked' : s.good !== undefined ? 'good' : 'unknown';
  return {
    status,
    ...(s.revoked ? { revokedAt: s.revoked.revocationTime, reason: s.revoked.revocationReason?.reason } : {}),
    thisUpdate: single.thisUpdate,
    ...(single.nextUpdate ? { nextUpdate: single.nextUpdate } : {}),
    producedAt: data.producedAt,
  };
}

/** RSA PKCS#1 v1.5 and ECDSA signature OIDs → node hash names (RSA-PSS is not accepted). */
const SIGNATURE_HASHES: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};

/** The issuer signed it, or a certificate the issuer issued with EKU OCSPSigning did. */
async function verifyResponseSignature(basic: ocsp.BasicOCSPResponse, issuerDer: Uint8Array): Promise<void> {
  const issuer = parseCert(issuerDer);
  const embedded = (basic.certs ?? []).map((c) => new x509.X509Certificate(AsnConvert.serialize(c)));
  const candidates = [issuer, ...embedded];
  const tbs = new Uint8Array(basic.tbsResponseDataRaw ?? AsnConvert.serialize(basic.tbsResponseData));
  const hash = SIGNATURE_HASHES[basic.signatureAlgorithm.algorithm];
  if (!hash) throw new UnprocessableError('ocsp_untrusted', `unsupported OCSP signature algorithm ${basic.signatureAlgorithm.algorithm}`);
  for (const signer of candidates) {
    const key = createPublicKey({ key: Buffer.from(signer.publicKey.rawData), format: 'der', type: 'spki' });
    if (!nodeVerify(hash, tbs, { key, dsaEncoding: 'der' }, new Uint8Array(basic.signature))) continue;
    if (signer === issuer) return;
    const eku = signer.getExtension(x509.ExtendedKeyUsageExtension);
    const delegated = eku?.usages.includes(x509.ExtendedKeyUsage.ocspSigning) && signer.issuer === issuer.subject && (await signer.verify({ publicKey: issuer.publicKey, signatureOnly: true }));
    if (delegated) return;
    throw new UnprocessableError('ocsp_untrusted', `the OCSP response is signed by ${signer.subject}, which the issuer did not authorise`);
  }
  throw new UnprocessableError('ocsp_untrusted', 'the OCSP response signature does not verify');
}
