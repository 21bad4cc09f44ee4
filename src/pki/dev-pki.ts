import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConflictError, InvalidInputError } from '../shared/errors';
import * as x509 from './x509';
import { derOf, issueCertificate, pemOf, type IssuedCert, type IssueRequest, type Issuer, type SubjectName } from './certificates';
import { createCrl } from './crl';
import { DEFAULT_KEY_ALGORITHM, sha256Hex, type KeyAlgorithmName } from './crypto';
import { writeManifest, type CrlRecord, type ManifestEntry, type PkiManifest } from './manifest';
import { assertPinFormat } from './pin';
import { writePkcs12 } from './pkcs12';
import { DEV_TSA_POLICY } from './tsa';

/**
 * `initDevPki`: the development hierarchy, root CA → issuing CA → leaders, the agency seal,
 * the TSA and the OCSP responder, plus two fixtures (a revoked and an expired leader), the CRLs
 * and the trust anchor. Keys leave memory only inside PIN-protected PKCS#12 files.
 */

export interface DevPkiOptions {
  /** Default certs/dev (relative to the working directory). */
  dir?: string;
  /** Trust anchors folder the verifier reads; default `<dir>/../trust` (certs/trust). */
  trustDir?: string;
  pin: string;
  agency: { code: string; name: string };
  leaders: { username: string; fullName: string }[];
  /** Base URL written into CRL distribution points and AIA (default http://localhost:3000). */
  publicUrl?: string;
  now?: Date;
  keyAlgorithm?: KeyAlgorithmName;
  /** Replace an existing PKI in `dir` (otherwise init refuses). */
  force?: boolean;
}

const DAY = 86_400_000;
const YEAR = 365 * DAY;
export const REVOKED_LEADER = 'revoked-leader';
export const EXPIRED_LEADER = 'expired-leader';

export function defaultTrustDir(dir: string): string {
  return path.join(path.dirname(path.resolve(dir)), 'trust');
}

export function pkiUrls(publicUrl: string) {
  const base = publicUrl.replace(/\/$/, '');
  return {
    rootCrl: `${base}/pki/crl/root.crl`,
    issuingCrl: `${base}/pki/crl/issuing.crl`,
    ocsp: `${base}/pki/ocsp`,
    rootCert: `${base}/pki/ca/root.crt`,
    issuingCert: `${base}/pki/ca/issuing.crt`,
    tsa: `${base}/pki/tsa`,
  };
}

export interface Planned {
  id: string;
  req: IssueRequest;
  p12Path: string;
  username?: string;
  fullName?: string;
  fixture?: 'revoked' | 'expired';
}

/** PIN shape, agency name, and usernames safe as file names (they become leaders/<username>.p12). */
export function validateDevPkiOptions(o: DevPkiOptions): void {
  assertPinFormat(o.pin);
  if (!o.agency?.name?.trim()) throw new InvalidInputError('invalid_agency', 'the agency needs a name');
  const names = new Set<string>();
  for (const l of o.leaders) {
    if (!/^[a-z0-9][a-z0-9._-]{0,63}$/i.test(l.username) || [REVOKED_LEADER, EXPIRED_LEADER].includes(l.username)) {
      throw new InvalidInputError('invalid_username', `'${l.username}' cannot name a leader's certificate`);
    }
    if (names.has(l.username)) throw new InvalidInputError('duplicate_username', `leader '${l.username}' is listed twice`);
    if (!l.fullName?.trim()) throw new InvalidInputError('invalid_full_name', `leader '${l.username}' needs a full name`);
    names.add(l.username);
  }
}

function leafRequest(role: IssueRequest['role'], subject: SubjectName, now: Date, years: number, urls: ReturnType<typeof pkiUrls>): IssueRequest {
  return {
    role,
    subject,
    notBefore: new Date(now.getTime() - 3600_000), // an hour back: tolerate clock skew
    notAfter: new Date(now.getTime() + years * YEAR),
    urls: { crl: urls.issuingCrl, ocsp: urls.ocsp, caIssuers: urls.issuingCert },
  };
}

/** A leader's personal certificate: CN = full name with diacritics, O = agency. */
export function leaderPlan(username: string, fullName: string, agency: string, now: Date, urls: ReturnType<typeof pkiUrls>, fixture?: 'revoked' | 'expired'): Planned {
  const req = leafRequest('leader', { commonName: fullName.normalize('NFC'), organization: agency }, now, 3, urls);
  if (fixture === 'expired') Object.assign(req, { notBefore: new Date(now.getTime() - YEAR), notAfter: new Date(now.getTime() - 30 * DAY) });
  return { id: `leader:${username}`, req, p12Path: `leaders/${username}.p12`, username, fullName: fullName.normalize('NFC'), fixture };
}

function plan(o: DevPkiOptions, now: Date, urls: ReturnType<typeof pkiUrls>): Planned[] {
  const agency = o.agency.name.normalize('NFC');
  const org = { organization: agency };
  return [
    ...o.leaders.map((l) => leaderPlan(l.username, l.fullName, agency, now, urls)),
    leaderPlan(REVOKED_LEADER, 'Phạm Thị Thu Hồi', agency, now, urls, 'revoked'),
    leaderPlan(EXPIRED_LEADER, 'Đỗ Văn Hết Hạn', agency, now, urls, 'expired'),
    { id: 'seal', req: leafRequest('seal', { commonName: agency, ...org }, now, 3, urls), p12Path: 'seal.p12' },
    { id: 'tsa', req: leafRequest('tsa', { commonName: `Dịch vụ cấp dấu thời gian — ${agency}`, ...org }, now, 10, urls), p12Path: 'tsa.p12' },
    { id: 'ocsp', req: leafRequest('ocsp', { commonName: 'OCSP — Taicho Dev Issuing CA', ...org }, now, 3, urls), p12Path: 'ocsp.p12' },
  ];
}

/** Creates the development PKI under `dir`. Refuses to overwrite unless `force`. */
export async function initDevPki(o: DevPkiOptions): Promise<PkiManifest> {
  validateDevPkiOptions(o);
  const dir = path.resolve(o.dir ?? 'certs/dev');
  const trustDir = path.resolve(o.trustDir ?? defaultTrustDir(dir));
  if (existsSync(path.join(dir, 'manifest.json')) && !o.force) {
    throw new ConflictError('pki_exists', `a PKI already exists in ${dir} (use --force to replace it)`);
  }
  const now = o.now ?? new Date();
  const alg = o.keyAlgorithm ?? DEFAULT_KEY_ALGORITHM;
  const publicUrl = (o.publicUrl ?? 'http://localhost:3000').replace(/\/$/, '');
  const urls = pkiUrls(publicUrl);
  // CAs start 400 days back so that the expired fixture was issued inside their validity.
  const caStart = new Date(now.getTime() - 400 * DAY);
  const root = await issueCertificate({ role: 'root-ca', subject: { commonName: 'Taicho Dev Root CA', organization: 'Taicho (development only)' }, notBefore: caStart, notAfter: new Date(now.getTime() + 20 * YEAR) }, alg);
  const rootIssuer: Issuer = { cert: root.cert, privateKey: root.keys.privateKey };
  const issuing = await issueCertificate({ role: 'issuing-ca', subject: { commonName: 'Taicho Dev Issuing CA', organization: 'Taicho (development only)' }, notBefore: caStart, notAfter: new Date(now.getTime() + 10 * YEAR), urls: { crl: urls.rootCrl, caIssuers: urls.rootCert } }, alg, rootIssuer);
  const issuer: Issuer = { cert: issuing.cert, privateKey: issuing.keys.privateKey };
  const planned = plan(o, now, urls);
  const leaves = await Promise.all(planned.map((p) => issueCertificate(p.req, alg, issuer)));

  for (const sub of ['', 'ca', 'certs', 'crl', 'leaders']) mkdirSync(path.join(dir, sub), { recursive: true });
  mkdirSync(trustDir, { recursive: true });
  const chain = [derOf(issuing.cert), derOf(root.cert)];
  const entries: ManifestEntry[] = [
    await store(dir, { id: 'root-ca', role: 'root-ca', p12Path: 'root-ca.p12', certPath: 'ca/root.crt' }, root, [], o.pin),
    await store(dir, { id: 'issuing-ca', role: 'issuing-ca', p12Path: 'issuing-ca.p12', certPath: 'ca/issuing.crt' }, issuing, [derOf(root.cert)], o.pin),
  ];
  for (const [i, p] of planned.entries()) entries.push(await storeLeaf(dir, p, leaves[i], chain, o.pin, now));
  writeFileSync(path.join(trustDir, 'taicho-dev-root.pem'), pemOf([derOf(root.cert)]));

  const crls = {
    root: await writeCrl(dir, 'root', urls.rootCrl, rootIssuer, [], 1, now),
    issuing: await writeCrl(dir, 'issuing', urls.issuingCrl, issuer, entries, 1, now),
  };
  const manifest: PkiManifest = {
    version: 1,
    createdAt: now.toISOString(),
    keyAlgorithm: alg,
    publicUrl,
    agency: { code: o.agency.code, name: o.agency.name.normalize('NFC') },
    trustDir: path.relative(dir, trustDir) || '.',
    ocspUrl: urls.ocsp,
    tsaPolicy: DEV_TSA_POLICY,
    crls,
    entries,
  };
  writeManifest(dir, manifest);
  return manifest;
}

/** Stores an issued leaf; the 'revoked' fixture is marked revoked at `now`. */
export async function storeLeaf(dir: string, p: Planned, issued: IssuedCert, chain: Uint8Array[], pin: string, now: Date): Promise<ManifestEntry> {
  const base = { id: p.id, role: p.req.role, p12Path: p.p12Path, certPath: `certs/${p.id.replace(':', '-')}.crt`, username: p.username, fullName: p.fullName, fixture: p.fixture };
  const entry = await store(dir, base, issued, chain, pin);
  if (p.fixture === 'revoked') entry.revoked = { at: now.toISOString(), reason: x509.X509CrlReason.keyCompromise };
  return entry;
}

type EntryBase = Pick<ManifestEntry, 'id' | 'role' | 'certPath' | 'username' | 'fullName' | 'fixture'> & { p12Path: string };

/** Writes the certificate (PEM) and the key (PKCS#12, mode 0600) and describes them. */
async function store(dir: string, base: EntryBase, issued: IssuedCert, chain: Uint8Array[], pin: string): Promise<ManifestEntry> {
  const der = derOf(issued.cert);
  writeFileSync(path.join(dir, base.certPath), pemOf([der]));
  const p12 = await writePkcs12({ privateKey: issued.keys.privateKey, certificate: der, chain, pin, friendlyName: base.fullName ?? issued.cert.subjectName.getField('CN')[0] });
  const p12File = path.join(dir, base.p12Path);
  writeFileSync(p12File, p12, { mode: 0o600 });
  chmodSync(p12File, 0o600);
  return { ...stripUndefined(base), ...describeCert(der), origin: 'dev' };
}

export function describeCert(der: Uint8Array): Pick<ManifestEntry, 'subject' | 'issuer' | 'serialNumber' | 'fingerprintSha256' | 'notBefore' | 'notAfter'> {
  const cert = new x509.X509Certificate(der);
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    serialNumber: cert.serialNumber,
    fingerprintSha256: sha256Hex(der),
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
  };
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** CRLs live 30 days; ensureDevPki re-issues them when fewer than 7 remain. */
export const CRL_LIFETIME_MS = 30 * DAY;

export async function writeCrl(dir: string, name: 'root' | 'issuing', url: string, issuer: Issuer, entries: ManifestEntry[], number: number, now: Date): Promise<CrlRecord> {
  const revoked = entries
    .filter((e) => e.revoked && e.issuer === issuer.cert.subject)
    .map((e) => ({ serialNumber: e.serialNumber, revokedAt: new Date(e.revoked!.at), reason: e.revoked!.reason }));
  const nextUpdate = new Date(now.getTime() + CRL_LIFETIME_MS);
  const der = await createCrl({ issuer, entries: revoked, crlNumber: number, thisUpdate: now, nextUpdate });
  const rel = `crl/${name}.crl`;
  writeFileSync(path.join(dir, rel), der);
  return { path: rel, number, thisUpdate: now.toISOString(), nextUpdate: nextUpdate.toISOString(), url };
}
