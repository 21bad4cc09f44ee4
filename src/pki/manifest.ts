import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NotFoundError, UnprocessableError } from '../shared/errors';
import type { CertRole } from './certificates';
import type { KeyAlgorithmName } from './crypto';

/**
 * manifest.json: what the PKI directory holds — every certificate with its role, subject,
 * SHA-256 fingerprint and file paths (relative to the directory), which user a signing
 * credential belongs to, what is revoked, and the CRL numbers. Never a PIN or a key.
 */

export const MANIFEST_FILE = 'manifest.json';

export interface ManifestEntry {
  /** Stable id: 'root-ca', 'issuing-ca', 'tsa', 'ocsp', 'seal', 'leader:<username>', 'imported:<role>:<user>:<n>'. */
  id: string;
  role: CertRole;
  /** Owner of a signing credential (leaders; imported seals may name the clerk account too). */
  username?: string;
  fullName?: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  fingerprintSha256: string;
  notBefore: string;
  notAfter: string;
  /** Certificate (PEM), relative to the PKI directory. */
  certPath: string;
  /** PKCS#12 (key + chain), relative to the PKI directory. Absent for certificates without a key here. */
  p12Path?: string;
  origin: 'dev' | 'imported';
  /** A test fixture rather than a usable credential: 'revoked-leader' and 'expired-leader'. */
  fixture?: 'revoked' | 'expired';
  revoked?: { at: string; reason: number };
  /** Set when a later import replaced this credential for the same role and user. */
  supersededBy?: string;
  importedAt?: string;
}

export interface CrlRecord {
  path: string;
  number: number;
  thisUpdate: string;
  nextUpdate: string;
  /** Public URL of this CRL (as written into certificates' CRL distribution points). */
  url: string;
}

export interface PkiManifest {
  version: 1;
  createdAt: string;
  keyAlgorithm: KeyAlgorithmName;
  publicUrl: string;
  agency: { code: string; name: string };
  /** Trust anchors folder, relative to the PKI directory. */
  trustDir: string;
  ocspUrl: string;
  tsaPolicy: string;
  crls: { root: CrlRecord; issuing: CrlRecord };
  entries: ManifestEntry[];
}

export function manifestPath(dir: string): string {
  return path.join(dir, MANIFEST_FILE);
}

export function hasManifest(dir: string): boolean {
  return existsSync(manifestPath(dir));
}

export function readManifest(dir: string): PkiManifest {
  const file = manifestPath(dir);
  if (!existsSync(file)) throw new NotFoundError('pki_not_initialised', `no PKI at ${dir} (run: taicho pki init --dir ${dir})`);
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as PkiManifest;
    if (m.version !== 1 || !Array.isArray(m.entries)) throw new Error('unknown manifest version');
    return m;
  } catch (e) {
    throw new UnprocessableError('pki_manifest_invalid', `${file} is not a taicho PKI manifest: ${(e as Error).message}`);
  }
}

/** Atomic write (temp file + rename) so a crash never leaves half a manifest. */
export function writeManifest(dir: string, m: PkiManifest): void {
  mkdirSync(dir, { recursive: true });
  const tmp = `${manifestPath(dir)}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(m, null, 2)}\n`);
  renameSync(tmp, manifestPath(dir));
}

export function entryById(m: PkiManifest, id: string): ManifestEntry {
  const e = m.entries.find((x) => x.id === id);
  if (!e) throw new NotFoundError('pki_entry_missing', `the PKI manifest has no '${id}'`);
  return e;
}

/**
 * The credential to sign with for a role (and user): the latest one not superseded, so an
 * imported PKCS#12 takes precedence over the development one it replaced.
 */
export function findCredential(m: PkiManifest, role: 'leader' | 'seal' | 'tsa' | 'ocsp', username?: string): ManifestEntry {
  const candidates = m.entries.filter((e) => e.role === role && e.p12Path && !e.supersededBy && (role !== 'leader' || e.username === username));
  const found = candidates.at(-1);
  if (!found) {
    throw new NotFoundError('no_credential', role === 'leader' ? `no signing certificate for leader '${username}'` : `no ${role} certificate in the PKI`);
  }
  return found;
}
