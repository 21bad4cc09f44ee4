import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { ConflictError, InvalidInputError, UnavailableError } from '../shared/errors';
import { inspectDatabase, snapshotDatabase } from './database';
import { absentOrEmpty, copyFile, describeFile, isWithin, moveIntoPlace, walk, type BackupFile } from './files';
import { blobIdOf, DATABASE_FILE, FORMAT, writeManifest, type BackupManifest } from './manifest';

/**
 * `taicho backup <dir>` while the server runs. Order matters: the database snapshot first, then
 * the files. Blobs are content-addressed and only ever added, and every row that names a blob
 * is committed after the blob is on disk (reception, signing: `blobs.put` before the
 * transaction). So every blob the snapshot refers to already exists when the copy of the blob
 * folder starts, and copying all the blobs found then is enough; blobs added later are extras
 * the snapshot does not name (harmless). The other way round, a dossier committed between the
 * blob copy and the snapshot could name a blob the backup lacks.
 */

export interface BackupSummary {
  dir: string;
  manifest: BackupManifest;
  blobs: number;
}

/** Files of the data dir that are not copied as files: the live database (snapshotted instead) and blob temp files. */
function skipInDataDir(config: Config): (rel: string) => boolean {
  const own = [config.pkiDir, config.trustDir].filter((d) => isWithin(config.dataDir, d)).map((d) => path.relative(config.dataDir, d).split(path.sep).join('/'));
  return (rel) => /^taicho\.sqlite(-wal|-shm|-journal)?$/.test(rel) || (rel.startsWith('blobs/') && rel.endsWith('.tmp')) || own.includes(rel);
}

export async function takeBackup(config: Config, target: string): Promise<BackupSummary> {
  const database = path.join(config.dataDir, DATABASE_FILE);
  if (!existsSync(database)) throw new InvalidInputError('no_database', `nothing to back up: no ${DATABASE_FILE} in ${config.dataDir} (TAICHO_DATA_DIR)`);
  for (const d of [config.dataDir, config.pkiDir, config.trustDir]) {
    if (isWithin(d, target)) throw new InvalidInputError('backup_inside_data', `the backup folder ${target} lies inside ${d}: choose one outside what is backed up`);
  }
  if (!(await absentOrEmpty(target))) throw new ConflictError('backup_exists', `${target} is not empty: give a new or empty folder for the backup`);
  // Written beside the target and renamed at the end: a folder named like the target is always a whole backup.
  const staging = `${target}.partial-${randomBytes(4).toString('hex')}`;
  await fs.mkdir(path.join(staging, 'data'), { recursive: true, mode: 0o700 });
  try {
    await snapshotDatabase(database, path.join(staging, 'data', DATABASE_FILE));
    const contents = inspectDatabase(path.join(staging, 'data', DATABASE_FILE));
    if (contents.integrity !== 'ok') throw new UnavailableError('database_damaged', `the database copy fails SQLite's integrity check: ${contents.integrity}`);
    const files: BackupFile[] = [];
    files.push(...(await copyTree(config.dataDir, staging, 'data', skipInDataDir(config))));
    files.push(...(await copyTree(config.pkiDir, staging, 'pki')), ...(await copyTree(config.trustDir, staging, 'trust')));
    files.push({ path: `data/${DATABASE_FILE}`, ...(await describeFile(path.join(staging, 'data', DATABASE_FILE)))! });
    const blobs = checkBlobs(files, contents.blobs);
    const manifest: BackupManifest = {
      format: FORMAT,
      createdAt: new Date().toISOString(),
      source: { dataDir: config.dataDir, pkiDir: config.pkiDir, trustDir: config.trustDir },
      database: { dossiers: contents.dossiers, results: contents.results, signatures: contents.signatures, auditEntries: contents.chain.checked, auditHead: contents.chain.head },
      files: files.sort((a, b) => a.path.localeCompare(b.path)),
    };
    await writeManifest(staging, manifest);
    await moveIntoPlace(staging, target);
    return { dir: target, manifest, blobs };
  } catch (e) {
    await fs.rm(staging, { recursive: true, force: true });
    throw e;
  }
}

/** Copies every file under `from` to `<staging>/<prefix>/…` and lists them. */
async function copyTree(from: string, staging: string, prefix: string, skip?: (rel: string) => boolean): Promise<BackupFile[]> {
  const out: BackupFile[] = [];
  for (const rel of await walk(from, skip)) {
    const copied = await copyFile(path.join(from, rel), path.join(staging, prefix, rel)).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined; // a blob temp file renamed away meanwhile
      throw e;
    });
    if (copied) out.push({ path: `${prefix}/${rel}`, ...copied });
  }
  return out;
}

/**
 * A blob copied with other bytes than its name says is a damaged data dir, and a blob the
 * snapshot names but the blob folder lacks a lost file: either way the backup would not restore
 * what the database promises, so it stops and names the blob. Returns how many blobs were copied.
 */
function checkBlobs(files: BackupFile[], referenced: Set<string>): number {
  const blobs = new Map<string, BackupFile>();
  for (const f of files) {
    const id = blobIdOf(f.path);
    if (id) blobs.set(id, f);
  }
  for (const [id, f] of blobs) {
    if (f.sha256 !== id) throw new UnavailableError('blob_corrupt', `blob ${id} in the data dir does not match its SHA-256 (${f.sha256}): the data dir is damaged`);
  }
  const missing = [...referenced].filter((id) => !blobs.has(id));
  if (missing.length) throw new UnavailableError('blob_missing', `the database names ${missing.length} blob(s) the data dir lacks, first ${missing[0]}`);
  return blobs.size;
}
