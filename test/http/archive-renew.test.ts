import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveSources, renewArchivedResults } from '../../src/archive';
import { sqliteDossierLists } from '../../src/db/sqlite/dossier-lists';
import { sqliteUnitOfWork } from '../../src/db/sqlite/unit-of-work';
import { main } from '../../src/cli/main';
import { dossiers } from '../../src/db/schema';
import { TEST_PIN } from '../../src/pki';
import { extractSignatures } from '../../src/signing/testing';
import { trustFolder, verifyPdf } from '../../src/verify/node';
import { receptionForm, simplePdf } from '../support/fixtures';
import { makeHarness, type Harness } from '../support/harness';

/**
 * `taicho archive renew` over the data folder: a result sealed before results were B-LTA (the
 * sealed revision alone) is due, gets its archive time-stamp, is recorded in the audit trail, and
 * is not due again; a dry run and the CLI only report.
 */
let h: Harness;
let code: string;
let oldBlob: string;

beforeAll(async () => {
  h = await makeHarness({ pki: true });
  const form = await receptionForm({ procedureCode: '2.000575', files: [{ name: 'de-nghi.pdf', bytes: await simplePdf() }] });
  code = ((await (await h.post('reception', '/api/v1/dossiers', form)).json()) as { code: string }).code;
  expect((await h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'accept' })).status).toBe(200);
  expect((await h.post('leader', `/api/v1/dossiers/${code}/approval`, { pin: TEST_PIN })).status).toBe(200);
  expect((await h.post('clerk', `/api/v1/dossiers/${code}/seal`, { pin: TEST_PIN })).status).toBe(200);
  // The same result as sealed before B-LTA: its bytes up to the end of the seal's revision.
  const { db } = h.storage.handle;
  const sealed = await h.storage.blobs.get(db.select().from(dossiers).where(eq(dossiers.code, code)).get()!.resultBlob!);
  const seal = extractSignatures(sealed)[1].byteRange;
  oldBlob = await h.storage.blobs.put(sealed.subarray(0, seal[2] + seal[3]));
  db.update(dossiers).set({ resultBlob: oldBlob }).where(eq(dossiers.code, code)).run();
}, 120_000);
afterAll(() => h.close());

const resultBlob = () => h.storage.handle.db.select().from(dossiers).where(eq(dossiers.code, code)).get()!.resultBlob!;

describe('archive renewal of sealed results', () => {
  it('a dry run says the old result is due and changes nothing', async () => {
    const out = await h.services.archive.renew({ marginDays: 180, dryRun: true });
    expect(out).toEqual([expect.objectContaining({ code, outcome: 'due', reason: 'the file has no archive time-stamp yet' })]);
    expect(resultBlob()).toBe(oldBlob);
  });

  it('renews it: a new blob with an archive time-stamp, both signatures still valid, in the audit trail', async () => {
    const [out] = await h.services.archive.renew({ marginDays: 180 });
    expect(out).toMatchObject({ code, outcome: 'renewed' });
    expect(resultBlob()).toBe(out.blob);
    const pdf = await h.storage.blobs.get(out.blob!);
    const report = await verifyPdf(pdf, trustFolder(h.config.trustDir));
    expect(report.signatures.map((s) => [s.fieldName, s.level])).toEqual([['leader', 'B-LTA'], ['seal', 'B-LTA'], ['ArchiveTimestamp1', null]]);
    expect(report.valid).toBe(true);
    const entries = h.storage.handle.db.all<{ action: string; detail: string }>(`select action, detail from audit_log where dossier_code = '${code}' order by seq`);
    const renewal = entries.filter((e) => e.action === 'result.archive_renewed');
    expect(renewal).toHaveLength(1);
    expect(JSON.parse(renewal[0].detail)).toMatchObject({ from: oldBlob, resultBlob: out.blob });
    expect((await h.services.audit.verify()).chainValid).toBe(true);
  });

  it('is not due again', async () => {
    const before = resultBlob();
    expect(before).not.toBe(oldBlob);
    expect(await h.services.archive.renew({ marginDays: 180 })).toEqual([expect.objectContaining({ code, outcome: 'not-due' })]);
    expect(resultBlob()).toBe(before);
  });

  it('a result changed while it was renewed is left alone and reported, not overwritten', async () => {
    const { db } = h.storage.handle;
    db.update(dossiers).set({ resultBlob: oldBlob }).where(eq(dossiers.code, code)).run();
    const blobs = h.storage.blobs;
    // Another writer replaces the result between reading it and recording the renewal.
    const racing = { get: (id: string) => blobs.get(id), has: (id: string) => blobs.has(id), async put(b: Uint8Array) {
      db.update(dossiers).set({ resultBlob: 'f'.repeat(64) }).where(eq(dossiers.code, code)).run();
      return blobs.put(b);
    } };
    const out = await renewArchivedResults({ lists: sqliteDossierLists(db), uow: sqliteUnitOfWork(h.storage.handle), blobs: racing, now: () => Date.now(), sources: () => archiveSources(h.pki, undefined) }, { marginDays: 180 });
    expect(out).toEqual([expect.objectContaining({ code, outcome: 'failed', reason: expect.stringMatching(/changed while it was being renewed/) })]);
    expect(resultBlob()).toBe('f'.repeat(64));
    db.update(dossiers).set({ resultBlob: oldBlob }).where(eq(dossiers.code, code)).run();
  });

  it('the CLI reports over the same data folder (dry run), and refuses a bad margin', async () => {
    const out: string[] = [];
    const io = { stdout: (s: string) => out.push(s), stderr: () => {}, cwd: process.cwd(), env: { TAICHO_DATA_DIR: h.dir, TAICHO_PKI_DIR: h.config.pkiDir, TAICHO_TRUST_DIR: h.config.trustDir, TAICHO_DEMO_PIN: TEST_PIN, TAICHO_LOG_LEVEL: 'silent', TAICHO_OCR_WORKERS: '0' } };
    expect(await main(['archive', 'renew', '--dry-run'], io)).toBe(0);
    // The old result again (the test before put it back): due, and left as it is by a dry run.
    expect(out.join('')).toMatch(new RegExp(`${code}\\tdue\\tthe file has no archive time-stamp yet`));
    expect(out.join('')).toMatch(/1 archived result\(s\): 0 renewed, 1 due, 0 not due, 0 failed/);
    expect(resultBlob()).toBe(oldBlob);
    expect(await main(['archive', 'renew', '--margin-days', '-3'], { ...io, stderr: (s: string) => out.push(s) })).not.toBe(0);
  }, 60_000);
});
