import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { ConflictError } from '../shared/errors';
import { inspectDatabase, type DatabaseContents } from './database';
import { absentOrEmpty, copyFile, describeFile, isWithin, moveIntoPlace } from './files';
import { BackupDamagedError, blobIdOf, DATABASE_FILE, readManifest, type BackupManifest } from './manifest';

/**
 * `taicho restore <backup>`: into the configured data dir (and PKI and trust folders), which
 * must be empty unless `force`. Everything is checked before the target is touched: the backup
 * against its manifest, then the copy (written to a staging folder beside the target) against
 * the manifest again, its database's integrity, its audit chain and the blobs its rows name.
 * Only then does the staging folder take the target's place.
 */

export interface RestoreOptions {
  /** Move a non-empty target aside (to `<dir>.before-restore-<time>`) instead of refusing. */
  force?: boolean;
}

export interface RestoreSummary {
  manifest: BackupManifest;
  database: DatabaseContents;
  /** Files written per part of the backup, and where to. */
  parts: { part: 'data' | 'pki' | 'trust'; files: number; to: string }[];
  blobs: number;
  movedAside: string[];
}

interface Destination {
  part: 'data' | 'pki' | 'trust';
  target: string;
  /** Where its files are written first. */
  staged: string;
  /** Its own staging folder (PKI or trust folder outside the data dir); else it rides in the data dir's. */
  ownStaging: boolean;
}

export async function restoreBackup(config: Config, backupDir: string, opts: RestoreOptions = {}): Promise<RestoreSummary> {
  const manifest = await readManifest(backupDir);
  const destinations = plan(config);
  const occupied = await occupiedTargets(destinations);
  if (occupied.length && !opts.force) {
    throw new ConflictError('target_not_empty', `${occupied.join(' and ')} ${occupied.length > 1 ? 'are' : 'is'} not empty: restore into an empty data dir (TAICHO_DATA_DIR or --data-dir), or add --force to move what is there aside`);
  }
  await verifyBackup(backupDir, manifest);
  const staged = destinations.filter((d) => d.ownStaging).map((d) => d.staged);
  try {
    const parts = await copyInto(backupDir, manifest, destinations);
    const database = inspectDatabase(path.join(destinations[0].staged, DATABASE_FILE));
    checkDatabase(backupDir, database, manifest);
    const movedAside: string[] = [];
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    for (const d of destinations.filter((x) => x.ownStaging)) {
      if (occupied.includes(d.target)) {
        const aside = `${d.target}.before-restore-${stamp}`;
        await fs.rename(d.target, aside);
        movedAside.push(aside);
      }
      await moveIntoPlace(d.staged, d.target);
    }
    return { manifest, database, parts, blobs: manifest.files.filter((f) => blobIdOf(f.path)).length, movedAside };
  } catch (e) {
    for (const dir of staged) await fs.rm(dir, { recursive: true, force: true });
    throw e;
  }
}

/** The data dir first; the PKI and trust folders inside it are staged within its staging folder. */
function plan(config: Config): Destination[] {
  const tag = randomBytes(4).toString('hex');
  const dataStaging = `${config.dataDir}.restoring-${tag}`;
  const data: Destination = { part: 'data', target: config.dataDir, staged: dataStaging, ownStaging: true };
  const others = ([['pki', config.pkiDir], ['trust', config.trustDir]] as const).map(([part, target]): Destination => {
    const inside = isWithin(config.dataDir, target);
    return { part, target, staged: inside ? path.join(dataStaging, path.relative(config.dataDir, target)) : `${target}.restoring-${tag}`, ownStaging: !inside };
  });
  return [data, ...others];
}

async function occupiedTargets(destinations: Destination[]): Promise<string[]> {
  const out: string[] = [];
  for (const d of destinations) if (!(await absentOrEmpty(d.target))) out.push(d.target);
  // A PKI folder inside a non-empty data dir is reported with the data dir, not on its own.
  return out.filter((t) => !out.some((o) => o !== t && isWithin(o, t)));
}

/** Every file the manifest lists is there with its size and digest; blobs also match their names. */
async function verifyBackup(backupDir: string, manifest: BackupManifest): Promise<void> {
  const problems: string[] = [];
  for (const f of manifest.files) {
    const now = await describeFile(path.join(backupDir, f.path));
    if (!now) problems.push(`${f.path} is missing`);
    else if (now.size !== f.size || now.sha256 !== f.sha256) problems.push(`${f.path} has changed (SHA-256 ${now.sha256.slice(0, 12)}…, expected ${f.sha256.slice(0, 12)}…)`);
    const blob = blobIdOf(f.path);
    if (blob && blob !== f.sha256) problems.push(`${f.path} is listed with another digest than its name`);
  }
  if (!manifest.files.some((f) => f.path === `data/${DATABASE_FILE}`)) problems.push(`the manifest lists no data/${DATABASE_FILE}`);
  if (problems.length) throw new BackupDamagedError(backupDir, problems);
}

async function copyInto(backupDir: string, manifest: BackupManifest, destinations: Destination[]): Promise<RestoreSummary['parts']> {
  const counts = new Map<string, number>();
  const problems: string[] = [];
  for (const f of manifest.files) {
    const [part, ...rest] = f.path.split('/');
    const d = destinations.find((x) => x.part === part);
    if (!d || rest.some((s) => s === '..' || s === '')) {
      problems.push(`${f.path} is outside the backup's data, pki and trust folders`);
      continue;
    }
    const written = await copyFile(path.join(backupDir, f.path), path.join(d.staged, ...rest));
    if (written.sha256 !== f.sha256) problems.push(`${f.path} changed while it was copied`);
    counts.set(part, (counts.get(part) ?? 0) + 1);
  }
  if (problems.length) throw new BackupDamagedError(backupDir, problems);
  return destinations.map((d) => ({ part: d.part, files: counts.get(d.part) ?? 0, to: d.target }));
}

/** The restored database opens, its audit chain verifies, and every blob it names came along. */
function checkDatabase(backupDir: string, db: DatabaseContents, manifest: BackupManifest): void {
  const problems: string[] = [];
  if (db.integrity !== 'ok') problems.push(`the database fails SQLite's integrity check: ${db.integrity}`);
  if (!db.chain.chainValid) problems.push(`the audit chain does not verify: entry #${db.chain.firstBroken?.seq} ${db.chain.firstBroken?.reason}`);
  if (db.chain.head.hash !== manifest.database.auditHead.hash) problems.push(`the audit chain ends at #${db.chain.head.seq}, the backup recorded #${manifest.database.auditHead.seq}`);
  const blobs = new Set(manifest.files.map((f) => blobIdOf(f.path)));
  const missing = [...db.blobs].filter((id) => !blobs.has(id));
  if (missing.length) problems.push(`the database names ${missing.length} blob(s) the backup lacks, first ${missing[0]}`);
  if (problems.length) throw new BackupDamagedError(backupDir, problems);
}
