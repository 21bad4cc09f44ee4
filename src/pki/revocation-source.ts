import { queryOcsp } from './ocsp-client';
import type { OcspResponder } from './ocsp';
import type { PkiDirectory } from './dev-services';

/**
 * The PKI as a source of revocation data for B-LT / B-LTA validation material: its current
 * CRL for certificates the root or the issuing CA issued, and a fresh OCSP response from its
 * responder for those the issuing CA issued. Certificates of other CAs get nothing here (their
 * chain still goes into the DSS; the verifier then says revocation is unknown).
 */
export function pkiRevocationSource(pki: PkiDirectory & { ocsp?: OcspResponder }) {
  const root = pki.certificate('root-ca');
  const issuing = pki.certificate('issuing-ca');
  const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
  return {
    extraCerts: [issuing, root],
    async revocationFor(cert: Uint8Array, issuer: Uint8Array): Promise<{ crls: Uint8Array[]; ocsps: Uint8Array[] }> {
      if (same(issuer, root)) return { crls: [pki.crl('root')], ocsps: [] };
      if (!same(issuer, issuing)) return { crls: [], ocsps: [] };
      const ocsps = pki.ocsp ? [(await queryOcsp(pki.ocsp, cert, issuer)).responseDer] : [];
      return { crls: [pki.crl('issuing')], ocsps };
    },
  };
}
