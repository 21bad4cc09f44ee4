import * as x509 from './x509';
import { generateKeyPair, randomSerial, toHex, x509SigningAlgorithmFor, type KeyAlgorithmName, type KeyPair } from './crypto';

/**
 * Certificate profiles of the development hierarchy (RFC 5280), made with @peculiar/x509.
 * Names carry Vietnamese with diacritics as UTF8String (NFC), C=VN as PrintableString.
 */

export const OID_OCSP_NOCHECK = '1.3.6.1.5.5.7.48.1.5';
/**
 * Arc for the development PKI's policy OIDs: under 2.999, the ITU-T X.660 "example" arc, which
 * no real CA or TSA uses — fitting for certificates that must never be mistaken for production.
 * (A UUID arc 2.25.x would do too, but its 128-bit arc breaks asn1js's OID parser.)
 */
export const DEV_POLICY_ARC = '2.999.8406.1';
export const DEV_CERT_POLICY = `${DEV_POLICY_ARC}.1`;

export type CertRole = 'root-ca' | 'issuing-ca' | 'leader' | 'seal' | 'tsa' | 'ocsp';

/** A certificate with its key pair, as made in memory before sealing into PKCS#12. */
export interface IssuedCert {
  cert: x509.X509Certificate;
  keys: KeyPair;
}

export interface Issuer {
  cert: x509.X509Certificate;
  privateKey: CryptoKey;
}

export interface SubjectName {
  commonName: string;
  organization?: string;
  organizationalUnit?: string;
}

export interface ProfileUrls {
  /** CRL distribution point of the issuer of this certificate. */
  crl?: string;
  ocsp?: string;
  caIssuers?: string;
}

export interface IssueRequest {
  role: CertRole;
  subject: SubjectName;
  notBefore: Date;
  notAfter: Date;
  urls?: ProfileUrls;
}

export function distinguishedName(s: SubjectName): x509.Name {
  const utf8 = (v: string) => [{ utf8String: v.normalize('NFC') }];
  return new x509.Name([
    { C: [{ printableString: 'VN' }] },
    ...(s.organization ? [{ O: utf8(s.organization) }] : []),
    ...(s.organizationalUnit ? [{ OU: utf8(s.organizationalUnit) }] : []),
    { CN: utf8(s.commonName) },
  ]);
}

const KU = x509.KeyUsageFlags;

function roleExtensions(role: CertRole): x509.Extension[] {
  switch (role) {
    case 'root-ca':
      return [new x509.BasicConstraintsExtension(true, 1, true), new x509.KeyUsagesExtension(KU.keyCertSign | KU.cRLSign, true)];
    case 'issuing-ca':
      return [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(KU.keyCertSign | KU.cRLSign, true)];
    case 'leader':
    case 'seal':
      // No EKU: NSS (pdfsig) and Acrobat accept document signatures from certificates without one.
      return [new x509.KeyUsagesExtension(KU.digitalSignature | KU.nonRepudiation, true)];
    case 'tsa':
      // RFC 3161 §2.3: the TSA certificate has exactly one EKU, timeStamping, marked critical.
      return [new x509.KeyUsagesExtension(KU.digitalSignature | KU.nonRepudiation, true), new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.timeStamping], true)];
    case 'ocsp':
      // RFC 6960 §4.2.2.2 delegated responder; id-pkix-ocsp-nocheck so clients need not check it.
      return [
        new x509.KeyUsagesExtension(KU.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.ocspSigning], false),
        new x509.Extension(OID_OCSP_NOCHECK, false, new Uint8Array([0x05, 0x00])),
      ];
  }
}

function urlExtensions(urls: ProfileUrls | undefined): x509.Extension[] {
  const out: x509.Extension[] = [];
  if (urls?.crl) out.push(new x509.CRLDistributionPointsExtension([urls.crl]));
  if (urls?.ocsp || urls?.caIssuers) {
    out.push(new x509.AuthorityInfoAccessExtension({ ...(urls.ocsp ? { ocsp: urls.ocsp } : {}), ...(urls.caIssuers ? { caIssuers: urls.caIssuers } : {}) }));
  }
  return out;
}

/** Issues a certificate for a fresh key pair; self-signed when `issuer` is absent (root). */
export async function issueCertificate(req: IssueRequest, algorithm: KeyAlgorithmName, issuer?: Issuer): Promise<IssuedCert> {
  const keys = await generateKeyPair(algorithm);
  const extensions = [
    ...roleExtensions(req.role),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ...(issuer ? [await x509.AuthorityKeyIdentifierExtension.create(issuer.cert.publicKey)] : []),
    ...(req.role === 'root-ca' ? [] : [new x509.CertificatePolicyExtension([DEV_CERT_POLICY])]),
    ...urlExtensions(req.urls),
  ];
  const subject = distinguishedName(req.subject);
  const common = {
    serialNumber: toHex(randomSerial()),
    notBefore: req.notBefore,
    notAfter: req.notAfter,
    extensions,
    signingAlgorithm: x509SigningAlgorithmFor(issuer?.privateKey ?? keys.privateKey),
  };
  const cert = issuer
    ? await x509.X509CertificateGenerator.create({ ...common, subject, issuer: issuer.cert.subjectName, publicKey: keys.publicKey, signingKey: issuer.privateKey })
    : await x509.X509CertificateGenerator.createSelfSigned({ ...common, name: subject, keys });
  return { cert, keys };
}

export function derOf(cert: x509.X509Certificate): Uint8Array {
  return new Uint8Array(cert.rawData);
}

export function pemOf(ders: Uint8Array[]): string {
  return ders.map((d) => x509.PemConverter.encode(d.slice().buffer as ArrayBuffer, 'CERTIFICATE')).join('\n') + '\n';
}
