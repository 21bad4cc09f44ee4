import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InvalidInputError } from '../shared/errors';
import type { BackupFile } from './files';

/**
 * `backup.json`, written last into a backup folder: a folder without it is not a (finished)
 * backup. It lists every file with its size and SHA-256 so that a restore can tell a damaged
 * or incomplete backup before it writes anything.
 *
 * Layout of a backup folder:
 *   data/    the data dir: taicho.sqlite (online backup), blobs/, demo-secrets.txt,
 *            result-access.secret, images/ — everything but the PKI and trust folders
 *   pki/     TAICHO_PKI_DIR as it is (PKCS#12 files still encrypted with their PIN)
 *   trust/   TAICHO_TRUST_DIR (trust anchors, CRLs placed there)
 */
export const MANIFEST_FILE = 'backup.json';
export const FORMAT = 'taicho-backup/1';
export const DATABASE_FILE = 'taicho.sqlite';

export interface BackupManifest {
  format: typeof FORMAT;
  createdAt: string;
  /** Where it was taken from (information only: a restore writes where its own configuration says). */
  source: { dataDir: string; pkiDir: string; trustDir: string };
  database: { dossiers: number; results: number; signatures: number; auditEntries: number; auditHead: { seq: number; hash: string } };
  files: BackupFile[];
}

/** The blob id of a backup path `data/blobs/ab/cdef…`, else undefined. */
export function blobIdOf(rel: string): string | undefined {
  const m = /^data\/blobs\/([0-9a-f]{2})\/([0-9a-f]{62})$/.exec(rel);
  return m ? m[1] + m[2] : undefined;
}

export async function writeManifest(dir: string, manifest: BackupManifest): Promise<void> {
  const file = path.join(dir, MANIFEST_FILE);
  const fh = await fs.open(file, 'wx', 0o600);
  try {
    await fh.writeFile(`${JSON.stringify(manifest, null, 2)}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** The manifest of a backup folder, or an error saying why this is not a backup one can restore. */
export async function readManifest(dir: string): Promise<BackupManifest> {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new InvalidInputError(
      'not_a_backup',
      `no taicho backup in ${dir}: ${MANIFEST_FILE} is missing (it is written last, so an interrupted backup has none)`,
    );
  }
  let m: BackupManifest;
  try {
    m = JSON.parse(text) as BackupManifest;
  } catch {
    throw new BackupDamagedError(dir, [`${MANIFEST_FILE} is not valid JSON`]);
  }
  if (m.format !== FORMAT || !Array.isArray(m.files)) throw new BackupDamagedError(dir, [`${MANIFEST_FILE} is not a ${FORMAT} manifest`]);
  return m;
}

/** What is wrong with a backup; nothing has been written when this is thrown. */
export class BackupDamagedError extends InvalidInputError {
  constructor(dir: string, problems: string[]) {
    const shown = problems.slice(0, 5).join('; ') + (problems.length > 5 ? `; and ${problems.length - 5} more` : '');
    super('backup_damaged', `the backup in ${dir} is damaged, nothing was restored: ${shown}`, { problems });
  }
}
