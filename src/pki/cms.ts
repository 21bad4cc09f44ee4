import * as asn1js from 'asn1js';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { digest, HASH_OIDS, signatureOid, signSha256 } from './crypto';
import { concat, octetString, sequence, setOf, smallInteger, tlv } from './der';
import { OID_SIGNING_CERTIFICATE_V2, signingCertificateV2 } from './ess';

/**
 * A CMS SignedData (RFC 5652) with one signer, signed attributes contentType,
 * messageDigest and ESS signing-certificate-v2, SHA-256 — what RFC 3161 tokens are.
 *
 * Written directly in DER: everything that depends only on the signer (identifier,
 * signing-certificate attribute, certificates) is encoded once per signer, so a token costs
 * one hash, one signature and some byte copying (the asn1 class libraries took ~10 ms).
 */

export const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';

export interface CmsSignerOptions {
  signerCert: Uint8Array;
  key: CryptoKey;
  /** Certificates embedded when asked (the signer's first). */
  certificates: Uint8Array[];
}

export interface CmsSigner {
  /** DER ContentInfo wrapping a SignedData that encapsulates `eContent`. */
  sign(eContentType: string, eContent: Uint8Array, includeCertificates: boolean): Uint8Array;
}

const oid = (value: string) => new Uint8Array(new asn1js.ObjectIdentifier({ value }).toBER());
const attribute = (type: string, value: Uint8Array) => sequence(oid(type), tlv(0x31, value));

export function createCmsSigner(o: CmsSignerOptions): CmsSigner {
  const tbs = AsnConvert.parse(o.signerCert, Certificate).tbsCertificate;
  const sid = sequence(new Uint8Array(AsnConvert.serialize(tbs.issuer)), tlv(0x02, new Uint8Array(tbs.serialNumber)));
  const sha256 = sequence(oid(HASH_OIDS['SHA-256']));
  const sig = signatureOid(o.key);
  const signatureAlgorithm = sequence(oid(sig.oid), ...(sig.nullParams ? [new Uint8Array([0x05, 0x00])] : []));
  const essAttribute = attribute(OID_SIGNING_CERTIFICATE_V2, signingCertificateV2(o.signerCert));
  const certificates = tlv(0xa0, concat(o.certificates)); // [0] IMPLICIT SET OF Certificate
  return {
    sign(eContentType, eContent, includeCertificates) {
      const attrs = [attribute(OID_CONTENT_TYPE, oid(eContentType)), attribute(OID_MESSAGE_DIGEST, octetString(digest('SHA-256', eContent))), essAttribute];
      // DER: SET OF sorted by encoding; the signature covers that SET with its universal tag 0x31…
      const signedAttrs = setOf(attrs);
      const signature = signSha256(o.key, signedAttrs);
      // …and the SignerInfo carries the same content under [0] IMPLICIT.
      const signerInfo = sequence(smallInteger(1), sid, sha256, concat([new Uint8Array([0xa0]), signedAttrs.subarray(1)]), signatureAlgorithm, octetString(signature));
      const signedData = sequence(
        smallInteger(3),
        tlv(0x31, sha256),
        sequence(oid(eContentType), tlv(0xa0, octetString(eContent))),
        ...(includeCertificates && o.certificates.length ? [certificates] : []),
        tlv(0x31, signerInfo),
      );
      return sequence(oid(OID_SIGNED_DATA), tlv(0xa0, signedData));
    },
  };
}
