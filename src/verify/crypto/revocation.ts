import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { paramsForSignatureOid, verifySignature } from './algorithms';
import { certFromDer, toAB, type Cert } from './certificate';

/**
 * Revocation status of a certification path from CRLs and OCSP responses (embedded in the
 * PDF's DSS, in the CMS, or given by the caller). Only data signed by the certificate's issuer
 * (or an OCSP responder it delegated to) counts. "revoked" means revoked at or before the
 * signing time; a later revocation does not invalidate an earlier signature.
 */
export type RevocationStatus = 'good' | 'revoked' | 'revoked-after-signing' | 'unknown';

export interface RevocationResult {
  status: RevocationStatus;
  source: 'crl' | 'ocsp' | null;
  revokedAt?: Date;
  notes: string[];
}

interface CertStatus { status: RevocationStatus; source: 'crl' | 'ocsp' | null; revokedAt?: Date }

/**
 * Parsed revocation data for one verification: the same OCSP responses and CRLs are embedded in
 * every signature of an LT document (and in its DSS), so each distinct blob is parsed once.
 */
export type RevocationCache = Map<string, unknown[]>;

export function checkRevocation(path: Cert[], crls: Uint8Array[], ocsps: Uint8Array[], signingTime: Date, cache: RevocationCache = new Map()): RevocationResult {
  const cached = <T>(der: Uint8Array, f: () => T | undefined): T[] => {
    const key = createHash('sha256').update(der).digest('base64');
    let v = cache.get(key) as T[] | undefined;
    if (!v) cache.set(key, (v = tryParse(f)));
    return v;
  };
  const notes: string[] = [];
  let leaf: CertStatus = { status: 'unknown', source: null };
  for (let i = 0; i + 1 < path.length; i++) {
    // Parse only the data that can concern this certificate: an OCSP response naming its serial
    // number, a CRL naming its issuer (a byte search is far cheaper than an ASN.1 parse).
    const serial = Buffer.from(path[i].pk.serialNumber.valueBlock.valueHexView);
    const issuerName = Buffer.from(path[i + 1].pk.subject.toSchema().toBER());
    const parsedOcsp = ocsps.filter((d) => contains(d, serial)).flatMap((d) => cached(d, () => basicOcsp(d)));
    const parsedCrls = crls.filter((d) => contains(d, issuerName)).flatMap((d) => cached(d, () => pkijs.CertificateRevocationList.fromBER(toAB(d))));
    const s = statusOf(path[i], path[i + 1], parsedCrls, parsedOcsp, signingTime);
    if (i === 0) leaf = s;
    if (s.status === 'revoked') return { ...s, notes: [`"${path[i].commonName}" was revoked ${s.revokedAt?.toISOString()}, before signing`] };
    if (i > 0 && s.status === 'unknown') notes.push(`no revocation data for CA "${path[i].commonName}"`);
  }
  if (path.length < 2) notes.push('no issuer: revocation cannot be checked');
  return { ...leaf, notes };
}

function contains(hay: Uint8Array, needle: Buffer): boolean {
  return Buffer.from(hay.buffer, hay.byteOffset, hay.byteLength).indexOf(needle) >= 0;
}

// Verifying a CRL's or OCSP response's signature is the costly part: once per (data, signer).
const sigCache = new WeakMap<Uint8Array, Map<string, boolean>>();

function tryParse<T>(f: () => T | undefined): T[] {
  try {
    const v = f();
    return v ? [v] : [];
  } catch {
    return [];
  }
}

function statusOf(cert: Cert, issuer: Cert, crls: pkijs.CertificateRevocationList[], ocsps: pkijs.BasicOCSPResponse[], at: Date): CertStatus {
  for (const o of ocsps) {
    const r = ocspStatus(cert, issuer, o, at);
    if (r) return r;
  }
  for (const crl of crls) {
    if (!crl.issuer.isEqual(issuer.pk.subject) || !signedBy(crl.signatureAlgorithm, crl.tbsView, crl.signatureValue, issuer)) continue;
    const hit = crl.revokedCertificates?.find((rc) => rc.userCertificate.isEqual(cert.pk.serialNumber));
    if (!hit) return { status: 'good', source: 'crl' };
    const when = hit.revocationDate.value;
    return { status: when <= at ? 'revoked' : 'revoked-after-signing', source: 'crl', revokedAt: when };
  }
  return { status: 'unknown', source: null };
}

function ocspStatus(cert: Cert, issuer: Cert, o: pkijs.BasicOCSPResponse, at: Date): CertStatus | undefined {
  const single = o.tbsResponseData.responses.find((r) => r.certID.serialNumber.isEqual(cert.pk.serialNumber));
  if (!single) return undefined;
  const responders = [issuer, ...(o.certs ?? []).flatMap((c) => tryParse(() => certFromDer(new Uint8Array(c.toSchema().toBER()))))];
  const responder = responders.find((r) => signedBy(o.signatureAlgorithm, o.tbsResponseData.tbsView, o.signature, r));
  if (!responder || (responder !== issuer && !responder.issuedBy(issuer))) return undefined;
  const tag = single.certStatus.idBlock.tagNumber;
  if (tag === 0) return { status: 'good', source: 'ocsp' };
  if (tag === 1) {
    const t = (single.certStatus as asn1js.Constructed).valueBlock.value[0] as asn1js.GeneralizedTime;
    const when = t.toDate();
    return { status: when <= at ? 'revoked' : 'revoked-after-signing', source: 'ocsp', revokedAt: when };
  }
  return { status: 'unknown', source: 'ocsp' };
}

function signedBy(alg: pkijs.AlgorithmIdentifier, tbs: Uint8Array, sig: asn1js.BitString, signer: Cert): boolean {
  let m = sigCache.get(tbs);
  if (!m) sigCache.set(tbs, (m = new Map()));
  let ok = m.get(signer.fingerprint);
  if (ok === undefined) m.set(signer.fingerprint, (ok = verifiesWith(alg, tbs, sig, signer)));
  return ok;
}

function verifiesWith(alg: pkijs.AlgorithmIdentifier, tbs: Uint8Array, sig: asn1js.BitString, signer: Cert): boolean {
  try {
    let pss: { hashOid: string; saltLength: number } | undefined;
    if (alg.algorithmParams && alg.algorithmId === '1.2.840.113549.1.1.10') {
      const p = new pkijs.RSASSAPSSParams({ schema: alg.algorithmParams });
      pss = { hashOid: p.hashAlgorithm.algorithmId, saltLength: p.saltLength };
    }
    return verifySignature(paramsForSignatureOid(alg.algorithmId, pss), signer.x509.publicKey, tbs, sig.valueBlock.valueHexView);
  } catch {
    return false;
  }
}

function basicOcsp(der: Uint8Array): pkijs.BasicOCSPResponse | undefined {
  const resp = pkijs.OCSPResponse.fromBER(toAB(der));
  const bytes = resp.responseBytes;
  if (!bytes || bytes.responseType !== '1.3.6.1.5.5.7.48.1.1') return undefined;
  return pkijs.BasicOCSPResponse.fromBER(toAB(new Uint8Array(bytes.response.valueBlock.valueHexView)));
}
