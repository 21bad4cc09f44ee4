import { readFileSync } from 'node:fs';
import path from 'node:path';
import { trustFolder } from '../verify/node/trust-folder';
import { splitPem } from '../verify/pem';
import * as x509 from './x509';
import { issueCertificate, type Issuer } from './certificates';
import { parseCert } from './crl';
import { initDevPki, leaderPlan, pkiUrls, storeLeaf, validateDevPkiOptions, writeCrl, type DevPkiOptions } from './dev-pki';
import { entryById, findCredential, hasManifest, readManifest, writeManifest, type ManifestEntry, type PkiManifest } from './manifest';
import { normaliseSerial } from './crypto';
import { createOcspResponder, type OcspResponder } from './ocsp';
import { checkPkcs12Pin, importPkcs12Key, readPkcs12 } from './pkcs12';
import { createTimeStampAuthority, type TimeStampAuthority } from './tsa';

/**
 * The PKI as the server uses it: `ensureDevPki` creates it on first start, otherwise loads
 * it, issues certificates for leaders added since, re-issues CRLs near expiry, and opens
 * the TSA and OCSP responder keys with the PIN. `loadPki` is the read-only view (no PIN).
 */

/** Read-only view of a PKI directory: what signing and verification look up. */
export interface PkiDirectory {
  dir: string;
  trustDir: string;
  manifest: PkiManifest;
  /** Absolute path of a PKCS#12 for a role (and leader username). */
  credentialPath(role: 'leader' | 'seal' | 'tsa' | 'ocsp', username?: string): string;
  credential(role: 'leader' | 'seal' | 'tsa' | 'ocsp', username?: string): ManifestEntry;
  certificate(id: string): Uint8Array;
  /** Current CRL (DER) of the root or the issuing CA. */
  crl(name: 'root' | 'issuing'): Uint8Array;
  trustAnchors(): Uint8Array[];
}

export interface DevPki extends PkiDirectory {
  tsa: TimeStampAuthority;
  ocsp: OcspResponder;
}

export function loadPki(dir = 'certs/dev'): PkiDirectory {
  const abs = path.resolve(dir);
  const manifest = readManifest(abs);
  const trustDir = path.resolve(abs, manifest.trustDir);
  return {
    dir: abs,
    trustDir,
    manifest,
    credential: (role, username) => findCredential(manifest, role, username),
    credentialPath: (role, username) => path.join(abs, findCredential(manifest, role, username).p12Path!),
    certificate: (id) => pemToDer(readFileSync(path.join(abs, entryById(manifest, id).certPath), 'utf8'))[0],
    crl: (name) => new Uint8Array(readFileSync(path.join(abs, manifest.crls[name].path))),
    trustAnchors: () => loadTrustAnchors(trustDir),
  };
}

/** Every certificate in *.pem, *.crt, *.cer, *.der files of the trust folder: the verifier's own reader of it. */
export function loadTrustAnchors(trustDir: string): Uint8Array[] {
  return [...trustFolder(trustDir).anchors];
}

/** The certificates of a PEM text, read as the verifier reads PEM. */
export function pemToDer(pem: string): Uint8Array[] {
  return splitPem(new TextEncoder().encode(pem));
}

/** Creates the PKI when absent, otherwise loads it; idempotent. Opens TSA and OCSP keys with the PIN. */
export async function ensureDevPki(o: DevPkiOptions): Promise<DevPki> {
  validateDevPkiOptions(o);
  const dir = path.resolve(o.dir ?? 'certs/dev');
  const now = o.now ?? new Date();
  if (!hasManifest(dir)) await initDevPki({ ...o, dir, now });
  await addMissingLeaders(dir, o, now);
  await refreshCrls(dir, o.pin, now);
  const pki = loadPki(dir);
  return { ...pki, ...(await openServices(pki, o.pin)) };
}

async function openCa(pki: PkiDirectory, id: 'root-ca' | 'issuing-ca', pin: string): Promise<Issuer> {
  const entry = entryById(pki.manifest, id);
  const contents = readPkcs12(readFileSync(path.join(pki.dir, entry.p12Path!)), pin);
  return { cert: new x509.X509Certificate(pki.certificate(id)), privateKey: await importPkcs12Key(contents) };
}

/** Issues personal certificates for leaders that have none yet (new accounts since init). */
async function addMissingLeaders(dir: string, o: DevPkiOptions, now: Date): Promise<void> {
  const pki = loadPki(dir);
  const missing = o.leaders.filter((l) => !pki.manifest.entries.some((e) => e.role === 'leader' && e.username === l.username && !e.supersededBy));
  if (missing.length === 0) return;
  const issuer = await openCa(pki, 'issuing-ca', o.pin);
  const chain = [pki.certificate('issuing-ca'), pki.certificate('root-ca')];
  const urls = pkiUrls(pki.manifest.publicUrl);
  for (const l of missing) {
    const p = leaderPlan(l.username, l.fullName, pki.manifest.agency.name, now, urls);
    const issued = await issueCertificate(p.req, pki.manifest.keyAlgorithm, issuer);
    pki.manifest.entries.push(await storeLeaf(dir, p, issued, chain, o.pin, now));
  }
  writeManifest(dir, pki.manifest);
}

/** Re-issues a CRL (with the next CRL number) when it has fewer than 7 days left. */
export async function refreshCrls(dir: string, pin: string, now = new Date(), force = false): Promise<boolean> {
  const pki = loadPki(dir);
  const m = pki.manifest;
  const soon = now.getTime() + 7 * 86_400_000;
  let changed = false;
  for (const [name, id] of [['root', 'root-ca'], ['issuing', 'issuing-ca']] as const) {
    if (!force && new Date(m.crls[name].nextUpdate).getTime() > soon) continue;
    const issuer = await openCa(pki, id, pin);
    m.crls[name] = await writeCrl(pki.dir, name, m.crls[name].url, issuer, m.entries, m.crls[name].number + 1, now);
    changed = true;
  }
  if (changed) writeManifest(pki.dir, m);
  return changed;
}

/**
 * The TSA and the OCSP responder. The PIN is checked here, at start (a PKI it does not open
 * stops the start: bootstrap's PkiPinMismatchError); their keys are opened, and the services
 * made, at the first time-stamp or OCSP request: reading both PKCS#12 files with the cold ASN.1
 * code was ~150 ms of a server's start-up CPU, for services a start does not use.
 */
async function openServices(pki: PkiDirectory, pin: string): Promise<{ tsa: TimeStampAuthority; ocsp: OcspResponder }> {
  checkPkcs12Pin(readFileSync(pki.credentialPath('tsa')), pin);
  let opened: Promise<{ tsa: TimeStampAuthority; ocsp: OcspResponder }> | undefined;
  const services = () =>
    (opened ??= openServicesNow(pki, pin).catch((e: unknown) => {
      opened = undefined; // a file fixed meanwhile is read again at the next request
      throw e;
    }));
  return {
    tsa: { policy: pki.manifest.tsaPolicy, certificate: pki.certificate(pki.credential('tsa').id), respond: async (req) => (await services()).tsa.respond(req) },
    ocsp: { respond: async (req) => (await services()).ocsp.respond(req) },
  };
}

async function openServicesNow(pki: PkiDirectory, pin: string): Promise<{ tsa: TimeStampAuthority; ocsp: OcspResponder }> {
  const open = async (role: 'tsa' | 'ocsp') => {
    const contents = readPkcs12(readFileSync(pki.credentialPath(role)), pin);
    return { key: await importPkcs12Key(contents), cert: pki.certificate(pki.credential(role).id) };
  };
  const [tsaCred, ocspCred] = await Promise.all([open('tsa'), open('ocsp')]);
  const issuingCert = pki.certificate('issuing-ca');
  const issuingSubject = parseCert(issuingCert).subject;
  const issuedHere = (serial: string) =>
    pki.manifest.entries.find((e) => e.issuer === issuingSubject && normaliseSerial(e.serialNumber) === serial);
  return {
    tsa: createTimeStampAuthority({ cert: tsaCred.cert, key: tsaCred.key, chain: [issuingCert, pki.certificate('root-ca')], policy: pki.manifest.tsaPolicy }),
    ocsp: createOcspResponder({
      issuerCert: issuingCert,
      signerCert: ocspCred.cert,
      signerKey: ocspCred.key,
      isKnown: (serial) => issuedHere(serial) !== undefined,
      isRevoked: (serial) => {
        const r = issuedHere(serial)?.revoked;
        return r ? { revokedAt: new Date(r.at), reason: r.reason } : false;
      },
    }),
  };
}
