import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InvalidInputError } from '../shared/errors';
import { pemOf } from './certificates';
import { describeCert } from './dev-pki';
import { readManifest, writeManifest, type ManifestEntry } from './manifest';
import { loadSignerFromP12 } from './signer';

/**
 * `taicho pki import`: brings a real CA-issued PKCS#12 (a leader's personal certificate or
 * the agency's organisation certificate) into the PKI directory. The PIN must open it and
 * the certificate must be valid now; the file is copied byte for byte (mode 0600) and the
 * manifest records it, superseding the earlier credential for the same role and user.
 */

export interface ImportOptions {
  dir: string;
  p12: Uint8Array;
  pin: string;
  role: 'leader' | 'seal';
  username?: string;
  now?: Date;
}

export async function importCredential(o: ImportOptions): Promise<ManifestEntry> {
  if (o.role === 'leader' && !o.username) throw new InvalidInputError('username_required', 'importing a leader certificate needs --user');
  if (o.username && !/^[a-z0-9][a-z0-9._-]{0,63}$/i.test(o.username)) throw new InvalidInputError('invalid_username', `'${o.username}' is not a username`);
  const dir = path.resolve(o.dir);
  const manifest = readManifest(dir);
  const signer = await loadSignerFromP12(o.p12, o.pin, { at: o.now });
  const n = manifest.entries.filter((e) => e.origin === 'imported').length + 1;
  const stem = `${o.role}-${o.username ?? 'agency'}-${n}`;
  const entry: ManifestEntry = {
    id: `imported:${o.role}:${o.username ?? 'agency'}:${n}`,
    role: o.role,
    ...(o.username ? { username: o.username } : {}),
    ...describeCert(signer.certificate),
    certPath: `imported/${stem}.crt`,
    p12Path: `imported/${stem}.p12`,
    origin: 'imported',
    importedAt: (o.now ?? new Date()).toISOString(),
  };
  mkdirSync(path.join(dir, 'imported'), { recursive: true });
  writeFileSync(path.join(dir, entry.p12Path!), o.p12, { mode: 0o600 });
  chmodSync(path.join(dir, entry.p12Path!), 0o600);
  writeFileSync(path.join(dir, entry.certPath), pemOf([signer.certificate, ...signer.chain]));
  for (const e of manifest.entries) {
    if (e.role === o.role && !e.supersededBy && (o.role === 'seal' || e.username === o.username)) e.supersededBy = entry.id;
  }
  manifest.entries.push(entry);
  writeManifest(dir, manifest);
  return entry;
}

