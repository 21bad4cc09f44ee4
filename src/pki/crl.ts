import * as x509 from './x509';
import { x509SigningAlgorithmFor } from './crypto';
import { smallInteger } from './der';
import type { Issuer } from './certificates';
import { CertificateUnusableError, MalformedPkiDataError } from './errors';
import { UnprocessableError } from '../shared/errors';

/** CRLs (RFC 5280 §5): made by the development CAs, checked before a key may sign. */

const OID_CRL_NUMBER = '2.5.29.20';

export interface RevokedEntry {
  /** Hexadecimal serial number, as in the manifest. */
  serialNumber: string;
  revokedAt: Date;
  reason?: x509.X509CrlReason;
}

export interface CreateCrlOptions {
  issuer: Issuer;
  entries: RevokedEntry[];
  crlNumber: number;
  thisUpdate: Date;
  nextUpdate: Date;
}

export async function createCrl(o: CreateCrlOptions): Promise<Uint8Array> {
  const crl = await x509.X509CrlGenerator.create({
    issuer: o.issuer.cert.subjectName,
    thisUpdate: o.thisUpdate,
    nextUpdate: o.nextUpdate,
    signingKey: o.issuer.privateKey,
    signingAlgorithm: x509SigningAlgorithmFor(o.issuer.privateKey),
    extensions: [
      await x509.AuthorityKeyIdentifierExtension.create(o.issuer.cert.publicKey),
      new x509.Extension(OID_CRL_NUMBER, false, smallInteger(o.crlNumber)),
    ],
    entries: o.entries.map((e) => ({ serialNumber: e.serialNumber, revocationDate: e.revokedAt, reason: e.reason ?? x509.X509CrlReason.unspecified })),
  });
  return new Uint8Array(crl.rawData);
}

export interface RevocationCheck {
  /** One or more CRLs (DER); the one issued by the certificate's issuer is used. */
  crl: Uint8Array | Uint8Array[];
  /** Issuer certificate (DER): when given, the CRL's signature is verified with it. */
  issuerCert?: Uint8Array;
  /** When (default now): a CRL whose nextUpdate has passed is refused as stale. */
  at?: Date;
}

export interface RevocationStatus {
  status: 'good';
  crlThisUpdate: Date;
  crlNextUpdate?: Date;
}

/**
 * Refuses a certificate listed on its issuer's CRL (CertificateUnusableError
 * 'certificate_revoked'). A CRL that is not the issuer's, is stale or does not verify is an
 * UnprocessableError: revocation could not be decided, which is not the same as "good".
 */
export async function checkRevocation(certDer: Uint8Array, o: RevocationCheck): Promise<RevocationStatus> {
  const cert = parseCert(certDer);
  const crls = (Array.isArray(o.crl) ? o.crl : [o.crl]).map(parseCrl);
  const crl = crls.find((c) => c.issuerName.toString() === cert.issuerName.toString());
  if (!crl) throw new UnprocessableError('revocation_unknown', `no CRL from the certificate's issuer (${cert.issuer})`);
  if (o.issuerCert && !(await crl.verify({ publicKey: parseCert(o.issuerCert) }))) {
    throw new UnprocessableError('crl_invalid', 'the CRL signature does not verify with the issuer certificate');
  }
  const at = o.at ?? new Date();
  if (crl.nextUpdate && crl.nextUpdate < at) {
    throw new UnprocessableError('crl_stale', `the CRL expired at ${crl.nextUpdate.toISOString()}`);
  }
  const entry = crl.findRevoked(cert.serialNumber);
  if (entry && entry.revocationDate <= at) {
    throw new CertificateUnusableError('certificate_revoked', `certificate ${cert.subject} (serial ${cert.serialNumber}) was revoked at ${entry.revocationDate.toISOString()}`, {
      serialNumber: cert.serialNumber,
      revokedAt: entry.revocationDate.toISOString(),
      reason: entry.reason,
    });
  }
  return { status: 'good', crlThisUpdate: crl.thisUpdate, crlNextUpdate: crl.nextUpdate };
}

export function parseCert(der: Uint8Array): x509.X509Certificate {
  try {
    return new x509.X509Certificate(der);
  } catch (e) {
    throw new MalformedPkiDataError('X.509 certificate', e);
  }
}

export function parseCrl(der: Uint8Array): x509.X509Crl {
  try {
    return new x509.X509Crl(der);
  } catch (e) {
    throw new MalformedPkiDataError('CRL', e);
  }
}
