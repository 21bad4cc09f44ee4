import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand, CliIO } from '../cli/command';
import { loadConfig, type Config } from '../config';
import { InvalidInputError } from '../shared/errors';
import { takeBackup } from './backup';
import { restoreBackup } from './restore';

const BACKUP_USAGE = `taicho backup <dir> [--data-dir DIR]

  Backs up the data dir into <dir> (new or empty) while the server keeps running: the database
  through SQLite's online backup (one consistent snapshot), then the blobs, the secrets kept in
  the data dir (demo-secrets.txt, result-access.secret), signature images, the PKI folder as it
  is (PKCS#12 files still encrypted with their PIN) and the trust anchors. Every file is listed
  with its SHA-256 in <dir>/backup.json, written last.

  The data dir, PKI and trust folders are TAICHO_DATA_DIR, TAICHO_PKI_DIR and TAICHO_TRUST_DIR,
  as the server reads them; --data-dir overrides TAICHO_DATA_DIR.
  Exit 0 backed up; 1 nothing to back up, <dir> not empty or inside the data; 5 the data dir is
  damaged (a blob that does not match its name, or one the database names and is missing).
`;

const RESTORE_USAGE = `taicho restore <backup-dir> [--data-dir DIR] [--force]

  Restores a backup made by \`taicho backup\` into the data dir (TAICHO_DATA_DIR, or --data-dir),
  its PKI into TAICHO_PKI_DIR and its trust anchors into TAICHO_TRUST_DIR (by default both inside
  the data dir). They must be empty or absent; --force moves what is there aside to
  <dir>.before-restore-<time> instead (nothing is deleted). Stop the server of that data dir first.

  Before anything is written the backup is checked against its manifest (every file present,
  with its SHA-256); the copy is checked again, its database's integrity and audit chain are
  verified, and every blob the database names must be there. Only then does it take the target's
  place: a damaged or missing backup leaves the target untouched.
  Exit 0 restored; 1 no backup there, a damaged backup, or a target that is not empty.
`;

function configFor(dataDir: string | undefined, io: CliIO): Config {
  return loadConfig(dataDir ? { ...io.env, TAICHO_DATA_DIR: path.resolve(io.cwd, dataDir) } : io.env, io.cwd);
}

function oneDir(positionals: string[], what: string, usage: string): string {
  if (positionals.length !== 1) throw new InvalidInputError('dir_required', `give one ${what} folder\n\n${usage}`);
  return positionals[0];
}

export const backupCommand: CliCommand = {
  name: 'backup',
  summary: 'Back up the data dir, PKI and trust anchors while the server runs',
  usage: BACKUP_USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'data-dir': { type: 'string' } } });
    const target = path.resolve(io.cwd, oneDir(positionals, 'backup', BACKUP_USAGE));
    const config = configFor(values['data-dir'], io);
    const { manifest, blobs } = await takeBackup(config, target);
    const db = manifest.database;
    io.stdout(
      `Backed up ${config.dataDir} into ${target}\n` +
        `  database: ${db.dossiers} dossiers, ${db.results} results, ${db.signatures} signatures, ${db.auditEntries} audit entries (head #${db.auditHead.seq})\n` +
        `  files: ${manifest.files.length} (${blobs} blobs), each with its SHA-256 in ${path.join(target, 'backup.json')}\n`,
    );
    return 0;
  },
};

export const restoreCommand: CliCommand = {
  name: 'restore',
  summary: 'Restore a backup into an empty data dir, checking blobs and the audit chain',
  usage: RESTORE_USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'data-dir': { type: 'string' }, force: { type: 'boolean', default: false } } });
    const backup = path.resolve(io.cwd, oneDir(positionals, 'backup', RESTORE_USAGE));
    const config = configFor(values['data-dir'], io);
    const r = await restoreBackup(config, backup, { force: values.force });
    const db = r.database;
    const lines = [
      `Restored the backup of ${r.manifest.createdAt} (from ${r.manifest.source.dataDir}):`,
      ...r.parts.map((p) => `  ${p.part.padEnd(5)} ${String(p.files).padStart(6)} files into ${p.to}`),
      `  database: ${db.dossiers} dossiers, ${db.results} results, ${db.signatures} signatures; integrity ok`,
      `  audit chain verified: ${db.chain.checked} entries, head #${db.chain.head.seq} ${db.chain.head.hash.slice(0, 16)}…`,
      `  blobs: ${r.blobs}, each matching its SHA-256; every one the database names is there`,
      ...r.movedAside.map((d) => `  what was there before is in ${d}`),
    ];
    io.stdout(`${lines.join('\n')}\n`);
    return 0;
  },
};
