import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, CRLReason, Extension } from '@peculiar/asn1-x509';
import * as ocsp from '@peculiar/asn1-ocsp';
import { digest, hashNameFromOid, normaliseSerial, signatureOid, signSha256, toArrayBuffer, toHex, type HashName } from './crypto';

/**
 * A small RFC 6960 OCSP responder for one issuing CA: answers good / revoked / unknown for
 * each requested CertID, echoes the nonce, and signs with a delegated responder certificate
 * (EKU OCSPSigning, issued by the same CA) or with the CA itself.
 * Malformed requests get the `malformedRequest` status rather than an exception.
 */

export type RevocationLookup = false | { revokedAt: Date; reason?: number };

export interface OcspResponderOptions {
  issuerCert: Uint8Array;
  signerCert: Uint8Array;
  signerKey: CryptoKey;
  /** Hex serial (any case, leading zeros ignored) → false when not revoked. */
  isRevoked(serialHex: string): RevocationLookup | Promise<RevocationLookup>;
  /** Serials this CA never issued are 'unknown' (default: every serial is known). */
  isKnown?(serialHex: string): boolean | Promise<boolean>;
  /** How long a response may be cached (nextUpdate − thisUpdate); default one day. */
  validityMs?: number;
  clock?: () => Date;
}

export interface OcspResponder {
  /** DER OCSPRequest in (POST body or base64-decoded GET path), DER OCSPResponse out. */
  respond(requestDer: Uint8Array): Promise<Uint8Array>;
}

interface IssuerHashes {
  nameDer: Uint8Array;
  keyBits: Uint8Array;
}

export function createOcspResponder(o: OcspResponderOptions): OcspResponder {
  const issuer = AsnConvert.parse(o.issuerCert, Certificate).tbsCertificate;
  const hashes: IssuerHashes = {
    nameDer: new Uint8Array(AsnConvert.serialize(issuer.subject)),
    keyBits: new Uint8Array(issuer.subjectPublicKeyInfo.subjectPublicKey),
  };
  const signer = AsnConvert.parse(o.signerCert, Certificate);
  const responderKeyHash = digest('SHA-1', new Uint8Array(signer.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey));
  const clock = o.clock ?? (() => new Date());
  const validityMs = o.validityMs ?? 86_400_000;

  return {
    async respond(requestDer) {
      let req: ocsp.OCSPRequest;
      try {
        req = AsnConvert.parse(requestDer, ocsp.OCSPRequest);
        if (req.tbsRequest.requestList.length === 0) throw new Error('empty request list');
      } catch {
        return status(ocsp.OCSPResponseStatus.malformedRequest);
      }
      try {
        const now = new Date(Math.floor(clock().getTime() / 1000) * 1000);
        const responses = [];
        for (const r of req.tbsRequest.requestList) responses.push(await singleResponse(r.reqCert, hashes, o, now, validityMs));
        const nonce = req.tbsRequest.requestExtensions?.find((e) => e.extnID === ocsp.id_pkix_ocsp_nonce);
        const data = new ocsp.ResponseData({
          responderID: new ocsp.ResponderID({ byKey: new ocsp.KeyHash(responderKeyHash) }),
          producedAt: now,
          responses,
          ...(nonce ? { responseExtensions: [new Extension({ extnID: nonce.extnID, critical: false, extnValue: nonce.extnValue })] } : {}),
        });
        const tbs = new Uint8Array(AsnConvert.serialize(data));
        const sig = signatureOid(o.signerKey);
        const basic = new ocsp.BasicOCSPResponse({
          tbsResponseData: data,
          signatureAlgorithm: new AlgorithmIdentifier({ algorithm: sig.oid, ...(sig.nullParams ? { parameters: null } : {}) }),
          signature: toArrayBuffer(signSha256(o.signerKey, tbs)),
          certs: [signer],
        });
        return new Uint8Array(
          AsnConvert.serialize(
            new ocsp.OCSPResponse({
              responseStatus: ocsp.OCSPResponseStatus.successful,
              responseBytes: new ocsp.ResponseBytes({ responseType: ocsp.id_pkix_ocsp_basic, response: new OctetString(AsnConvert.serialize(basic)) }),
            }),
          ),
        );
      } catch {
        return status(ocsp.OCSPResponseStatus.internalError);
      }
    },
  };
}

function status(s: ocsp.OCSPResponseStatus): Uint8Array {
  return new Uint8Array(AsnConvert.serialize(new ocsp.OCSPResponse({ responseStatus: s })));
}

async function singleResponse(certId: ocsp.CertID, issuer: IssuerHashes, o: OcspResponderOptions, now: Date, validityMs: number): Promise<ocsp.SingleResponse> {
  const serial = normaliseSerial(toHex(certId.serialNumber));
  const certStatus = !isOurIssuer(certId, issuer) || (o.isKnown && !(await o.isKnown(serial)))
    ? new ocsp.CertStatus({ unknown: null })
    : await revocationStatus(await o.isRevoked(serial));
  return new ocsp.SingleResponse({ certID: certId, certStatus, thisUpdate: now, nextUpdate: new Date(now.getTime() + validityMs) });
}

async function revocationStatus(lookup: RevocationLookup): Promise<ocsp.CertStatus> {
  if (!lookup) return new ocsp.CertStatus({ good: null });
  return new ocsp.CertStatus({
    revoked: new ocsp.RevokedInfo({
      revocationTime: new Date(Math.floor(lookup.revokedAt.getTime() / 1000) * 1000),
      ...(lookup.reason !== undefined ? { revocationReason: new CRLReason(lookup.reason) } : {}),
    }),
  });
}

/** CertID names our CA when both hashes match, in whatever hash the client chose. */
function isOurIssuer(certId: ocsp.CertID, issuer: IssuerHashes): boolean {
  const hash: HashName | undefined = hashNameFromOid(certId.hashAlgorithm.algorithm);
  if (!hash) return false;
  const same = (a: Uint8Array, b: ArrayBuffer) => Buffer.from(a).equals(Buffer.from(b));
  return same(digest(hash, issuer.nameDer), certId.issuerNameHash.buffer) && same(digest(hash, issuer.keyBits), certId.issuerKeyHash.buffer);
}
