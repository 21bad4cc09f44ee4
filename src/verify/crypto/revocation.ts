import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { indexOfBytes, toHex } from '../bytes';
import { certFromDer, toAB, type Cert } from './certificate';
import { findAsync } from './chain';
import { ContentCache } from './content-cache';
import { crlIndex } from './crl-index';
import { verifyX509Signature } from './x509-signature';

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

export async function checkRevocation(path: Cert[], crls: Uint8Array[], ocsps: Uint8Array[], signingTime: Date): Promise<RevocationResult> {
  const notes: string[] = [];
  let leaf: CertStatus = { status: 'unknown', source: null };
  for (let i = 0; i + 1 < path.length; i++) {
    // Parse only the OCSP responses that can concern this certificate: those naming its serial
    // number (a byte search is far cheaper than an ASN.1 parse). CRLs are indexed once (./crl-index).
    const serial = path[i].pk.serialNumber.valueBlock.valueHexView;
    const parsedOcsp = ocsps.filter((d) => indexOfBytes(d, serial) >= 0).flatMap((d) => parsedOcsps.get(d, () => tryParse(() => basicOcsp(d))));
    const s = await statusOf(path[i], path[i + 1], crls, parsedOcsp, signingTime);
    if (i === 0) leaf = s;
    if (s.status === 'revoked') return { ...s, notes: [`"${path[i].commonName}" was revoked ${s.revokedAt?.toISOString()}, before signing`] };
    if (i > 0 && s.status === 'unknown') notes.push(`no revocation data for CA "${path[i].commonName}"`);
  }
  if (path.length < 2) notes.push('no issuer: revocation cannot be checked');
  return { ...leaf, notes };
}

const parsedOcsps = new ContentCache<pkijs.BasicOCSPResponse[]>(1024);

// Verifying an OCSP response's signature is the costly part: once per (response, signer).
const sigCache = new WeakMap<Uint8Array, Map<string, Promise<boolean>>>();

function tryParse<T>(f: () => T | undefined): T[] {
  try {
    const v = f();
    return v ? [v] : [];
  } catch {
    return [];
  }
}

async function statusOf(cert: Cert, issuer: Cert, crls: Uint8Array[], ocsps: pkijs.BasicOCSPResponse[], at: Date): Promise<CertStatus> {
  for (const o of ocsps) {
    const r = await ocspStatus(cert, issuer, o, at);
    if (r) return r;
  }
  const serial = toHex(cert.pk.serialNumber.valueBlock.valueHexView);
  for (const der of crls) {
    const crl = crlIndex(der);
    if (!crl || crl.issuerKey !== issuer.subjectKey || !(await crl.signedBy(issuer.publicKey, issuer.fingerprint))) continue;
    const when = crl.revokedAt(serial);
    if (!when) return { status: 'good', source: 'crl' };
    return { status: when <= at ? 'revoked' : 'revoked-after-signing', source: 'crl', revokedAt: when };
  }
  return { status: 'unknown', source: null };
}

async function ocspStatus(cert: Cert, issuer: Cert, o: pkijs.BasicOCSPResponse, at: Date): Promise<CertStatus | undefined> {
  const single = o.tbsResponseData.responses.find((r) => r.certID.serialNumber.isEqual(cert.pk.serialNumber));
  if (!single) return undefined;
  const responders = [issuer, ...responderCerts(o)];
  const responder = await findAsync(responders, (r) => signedBy(o.signatureAlgorithm, o.tbsResponseData.tbsView, o.signature, r));
  if (!responder || (responder !== issuer && !(await responder.issuedBy(issuer)))) return undefined;
  const tag = single.certStatus.idBlock.tagNumber;
  if (tag === 0) return { status: 'good', source: 'ocsp' };
  if (tag === 1) {
    const t = (single.certStatus as asn1js.Constructed).valueBlock.value[0] as asn1js.GeneralizedTime;
    const when = t.toDate();
    return { status: when <= at ? 'revoked' : 'revoked-after-signing', source: 'ocsp', revokedAt: when };
  }
  return { status: 'unknown', source: 'ocsp' };
}

/** The certificates an OCSP response carries, read once per (cached) response. */
function responderCerts(o: pkijs.BasicOCSPResponse): Cert[] {
  let certs = responderCache.get(o);
  if (!certs) responderCache.set(o, (certs = (o.certs ?? []).flatMap((c) => tryParse(() => certFromDer(new Uint8Array(c.toSchema().toBER()))))));
  return certs;
}

const responderCache = new WeakMap<pkijs.BasicOCSPResponse, Cert[]>();

function signedBy(alg: pkijs.AlgorithmIdentifier, tbs: Uint8Array, sig: asn1js.BitString, signer: Cert): Promise<boolean> {
  let m = sigCache.get(tbs);
  if (!m) sigCache.set(tbs, (m = new Map()));
  let ok = m.get(signer.fingerprint);
  if (ok === undefined) m.set(signer.fingerprint, (ok = verifyX509Signature(alg, tbs, sig, signer.publicKey)));
  return ok;
}

function basicOcsp(der: Uint8Array): pkijs.BasicOCSPResponse | undefined {
  const resp = pkijs.OCSPResponse.fromBER(toAB(der));
  const bytes = resp.responseBytes;
  if (!bytes || bytes.responseType !== '1.3.6.1.5.5.7.48.1.1') return undefined;
  return pkijs.BasicOCSPResponse.fromBER(toAB(new Uint8Array(bytes.response.valueBlock.valueHexView)));
}
