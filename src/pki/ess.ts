import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { Attribute } from '@peculiar/asn1-cms';
import { digest, toArrayBuffer } from './crypto';
import { octetString, sequence, tlv } from './der';

/**
 * ESS signing-certificate-v2 (RFC 5035): binds a CMS signature to the signer's certificate
 * by its SHA-256 hash and issuer/serial. Required by RFC 3161 tokens (via RFC 5816) and by
 * CAdES/PAdES signatures alike — the signing module can reuse it.
 */

export const OID_SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';

/** SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 } with one SHA-256 ESSCertIDv2. */
export function signingCertificateV2(certDer: Uint8Array): Uint8Array {
  const tbs = AsnConvert.parse(certDer, Certificate).tbsCertificate;
  const issuerName = new Uint8Array(AsnConvert.serialize(tbs.issuer));
  // IssuerSerial ::= SEQUENCE { issuer GeneralNames (directoryName [4] EXPLICIT Name), serialNumber }
  const issuerSerial = sequence(sequence(tlv(0xa4, issuerName)), tlv(0x02, new Uint8Array(tbs.serialNumber)));
  // hashAlgorithm is omitted: its DEFAULT is id-sha256, and DER forbids encoding a default.
  const essCertIdV2 = sequence(octetString(digest('SHA-256', certDer)), issuerSerial);
  return sequence(sequence(essCertIdV2));
}

export function signingCertificateV2Attribute(certDer: Uint8Array): Attribute {
  return new Attribute({ attrType: OID_SIGNING_CERTIFICATE_V2, attrValues: [toArrayBuffer(signingCertificateV2(certDer))] });
}
