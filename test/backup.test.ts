import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkChain } from '../src/audit/audit-log';
import { auditRows } from '../src/db/sqlite/audit';
import { client, demoPin, startServer, taichoFor, type RunningServer } from './support/server';
import { needTools, runTool } from './support/tools';

/**
 * Issue 10: `taicho backup` while the server receives dossiers, `taicho restore` into a fresh
 * data dir, and there: the audit chain verifies, every dossier has its files, every result's
 * signatures verify (our verifier and pdfsig), and the restored PKI signs with the restored PIN.
 */
const work = mkdtempSync(path.join(tmpdir(), 'taicho-backup-'));
const live = path.join(work, 'live');
const backupDir = path.join(work, 'backup');
const restored = path.join(work, 'restored');
const servers: RunningServer[] = [];
let server: RunningServer;
let api: ReturnType<typeof client>;
const before: string[] = [];
let approvedOnly: string;

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(work, { recursive: true, force: true });
});

const cli = (args: string[], dataDir: string) => taichoFor(dataDir, args, work);

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const blobPath = (dataDir: string, id: string) => path.join(dataDir, 'blobs', id.slice(0, 2), id.slice(2));

beforeAll(async () => {
  server = await startServer(live);
  servers.push(server);
  api = client(server.url);
  const sealed = await api.receive();
  await api.signThrough(sealed, demoPin(live));
  approvedOnly = await api.receive();
  await api.call('POST', `/api/v1/dossiers/${approvedOnly}/appraisal`, 'specialist', { decision: 'accept' });
  await api.call('POST', `/api/v1/dossiers/${approvedOnly}/approval`, 'leader', { pin: demoPin(live) });
  before.push(sealed, approvedOnly, await api.receive());
}, 300_000);

describe('taicho backup while the server receives dossiers, then taicho restore', () => {
  let during = 0;
  /** The restored results and the signatures each holds, for the independent oracle below. */
  const restoredResults: { file: string; signatures: number }[] = [];

  it('backs up while receptions are in flight', async () => {
    let stop = false;
    // Receptions keep arriving, two at a time, for as long as the backup runs.
    const receiving = Promise.all([0, 1].map(async () => {
      while (!stop) {
        await api.receive();
        during++;
      }
    }));
    await new Promise((r) => setTimeout(r, 300)); // some are committed, some in flight
    const r = await cli(['backup', backupDir], live);
    stop = true;
    await receiving;
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/database: \d+ dossiers, 2 results, 3 signatures/);
    expect(during).toBeGreaterThan(0);
    if (process.env.TAICHO_BACKUP_FIGURES) process.stderr.write(`receptions answered 201 during the test's backup window: ${during}\n${r.out}`);
    const manifest = JSON.parse(readFileSync(path.join(backupDir, 'backup.json'), 'utf8'));
    const files = manifest.files.map((f: { path: string }) => f.path);
    for (const f of ['data/taicho.sqlite', 'data/demo-secrets.txt', 'data/result-access.secret', 'pki/manifest.json', 'pki/leaders/leader.p12', 'pki/seal.p12', 'trust/taicho-dev-root.pem']) expect(files).toContain(f);
    // The PKCS#12 files are copied as they are: still encrypted, byte for byte.
    expect(sha256(path.join(backupDir, 'pki/seal.p12'))).toBe(sha256(path.join(live, 'pki/seal.p12')));
    expect(readdirSync(work).filter((n) => n.includes('.partial-'))).toEqual([]);
  }, 120_000);

  it('restores into a fresh data dir where the chain, every file and every signature verify', async () => {
    const r = await cli(['restore', backupDir], restored);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('audit chain verified');
    expect(r.out).toContain(`pki `);

    const sqlite = new Database(path.join(restored, 'taicho.sqlite'), { readonly: true });
    try {
      expect(checkChain(auditRows(sqlite)).chainValid).toBe(true);
      const codes = sqlite.prepare('SELECT code FROM dossiers').pluck().all() as string[];
      for (const code of before) expect(codes).toContain(code); // everything answered 201 before the backup
      expect(codes.length).toBeGreaterThanOrEqual(before.length);
      const docs = sqlite.prepare('SELECT source_blob AS s, pdf_blob AS p FROM documents').all() as { s: string; p: string | null }[];
      expect(docs.length).toBeGreaterThanOrEqual(codes.length);
      for (const d of docs) for (const id of [d.s, d.p].filter((x): x is string => !!x)) expect(sha256(blobPath(restored, id))).toBe(id);
      const results = sqlite.prepare('SELECT code, result_blob AS blob FROM dossiers WHERE result_blob IS NOT NULL').all() as { code: string; blob: string }[];
      expect(results.length).toBe(2);
      for (const res of results) {
        const file = path.join(work, `${res.code}.pdf`);
        writeFileSync(file, readFileSync(blobPath(restored, res.blob)));
        // taicho verify with the restored data dir's configuration: its trust folder came along.
        const v = await cli(['verify', file, '--json'], restored);
        const report = JSON.parse(v.out) as { valid: boolean; trustDir: string; signatures: unknown[] };
        expect(report.trustDir).toBe(path.join(restored, 'trust'));
        expect(v.code, v.out).toBe(0);
        restoredResults.push({ file, signatures: res.code === approvedOnly ? 1 : 2 });
      }
    } finally {
      sqlite.close();
    }
  }, 120_000);

  needTools('pdfsig').it('pdfsig: every restored result holds its valid signatures', () => {
    expect(restoredResults).toHaveLength(2);
    for (const r of restoredResults) {
      const sig = runTool('pdfsig', [r.file]);
      expect(sig.stdout.match(/Signature Validation: Signature is Valid/g)?.length, sig.stdout).toBe(r.signatures);
    }
  });

  it('a server on the restored data dir signs with the restored PKI and PIN', async () => {
    const again = await startServer(restored);
    servers.push(again);
    const health = (await (await fetch(`${again.url}/health`)).json()) as { capabilities: { signing: boolean } };
    expect(health.capabilities.signing, again.log()).toBe(true);
    expect(demoPin(restored)).toBe(demoPin(live));
    await client(again.url).call('POST', `/api/v1/dossiers/${approvedOnly}/seal`, 'clerk', { pin: demoPin(restored) });
  }, 120_000);
});

describe('restore refuses, and leaves the target untouched', () => {
  const target = path.join(work, 'target');

  async function refused(args: string[], dataDir = target) {
    const r = await cli(['restore', ...args], dataDir);
    expect(r.code).not.toBe(0);
    expect(r.out).toBe('');
    expect(readdirSync(work).filter((n) => n.includes('.restoring-'))).toEqual([]);
    return r.err;
  }

  it('a missing backup', async () => {
    expect(await refused([path.join(work, 'nowhere')])).toContain(`no taicho backup in ${path.join(work, 'nowhere')}: backup.json is missing`);
    expect(existsSync(target)).toBe(false);
  });

  it('a damaged blob, a missing database, an edited manifest', async () => {
    const damaged = path.join(work, 'damaged');
    cpSync(backupDir, damaged, { recursive: true });
    const blob = JSON.parse(readFileSync(path.join(damaged, 'backup.json'), 'utf8')).files.find((f: { path: string }) => f.path.startsWith('data/blobs/')).path as string;
    const bytes = readFileSync(path.join(damaged, blob));
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(path.join(damaged, blob), bytes);
    mkdirSync(target);
    const err = await refused([damaged]);
    expect(err).toContain(`the backup in ${damaged} is damaged, nothing was restored: ${blob} has changed`);
    expect(readdirSync(target)).toEqual([]);

    rmSync(path.join(damaged, 'data/taicho.sqlite'));
    expect(await refused([damaged])).toContain('data/taicho.sqlite is missing');
    writeFileSync(path.join(damaged, 'backup.json'), '{"format": "taicho-backup/1", "files": [');
    expect(await refused([damaged])).toContain('backup.json is not valid JSON');
    expect(readdirSync(target)).toEqual([]);
  });

  it('an audit trail edited in the backup, even with the manifest made to match', async () => {
    const edited = path.join(work, 'edited');
    cpSync(backupDir, edited, { recursive: true });
    const dbFile = path.join(edited, 'data/taicho.sqlite');
    const db = new Database(dbFile);
    db.prepare(`UPDATE audit_log SET actor_name = 'ai đó' WHERE seq = 3`).run();
    db.close();
    const manifestFile = path.join(edited, 'backup.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    Object.assign(manifest.files.find((f: { path: string }) => f.path === 'data/taicho.sqlite'), { size: readFileSync(dbFile).length, sha256: sha256(dbFile) });
    writeFileSync(manifestFile, JSON.stringify(manifest));
    expect(await refused([edited])).toContain('the audit chain does not verify: entry #3');
    expect(readdirSync(target)).toEqual([]);
  });

  it('a data dir that is not empty, unless --force (which moves it aside)', async () => {
    const dbBefore = sha256(path.join(restored, 'taicho.sqlite'));
    expect(await refused([backupDir], restored)).toContain(`${restored} is not empty`);
    expect(sha256(path.join(restored, 'taicho.sqlite'))).toBe(dbBefore);

    const forced = await cli(['restore', backupDir, '--force'], target);
    expect(forced.code, forced.err).toBe(0);
    writeFileSync(path.join(target, 'mine.txt'), 'kept');
    const again = await cli(['restore', backupDir, '--force'], target);
    expect(again.code, again.err).toBe(0);
    const aside = /what was there before is in (\S+)/.exec(again.out)![1];
    expect(readFileSync(path.join(aside, 'mine.txt'), 'utf8')).toBe('kept');
  }, 60_000);

  it('backup refuses a folder that is not empty', async () => {
    const r = await cli(['backup', backupDir], live);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${backupDir} is not empty`);
  });
});
