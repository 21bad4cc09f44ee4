import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { interleaved, interleavingStore, type InterleavingStore } from '../../test/support/interleaving-store';
import { pngScan } from '../../test/support/fixtures';
import type { AuthUser } from '../auth/roles';
import { canonicalJson } from '../audit/audit-log';
import { openDatabase, type DbHandle } from '../db/client';
import { sqliteDossierLists } from '../db/sqlite/dossier-lists';
import { users } from '../db/schema';
import { seedProcedures, sqliteProcedureStore } from '../db/sqlite/procedures';
import { createProcedureCatalogue } from '../procedures/procedures';
import { LocalBlobStore } from '../storage/local-blob-store';
import { createHash } from 'node:crypto';
import { createAccessKeys } from './access-keys';
import { DIGITISE_JOB, digitisationQueue } from './digitisation';
import type { DossierDeps, ResultSigning } from './ports';
import { receiveDossier } from './reception';
import { certifyDocument } from './signing-flow';
import { appraise, applyTransition, resumeAfterSupplement, withdraw } from './workflow';
import { audited } from './audited';
import { recordRenewal } from '../archive/service';

const askSupplement = (deps: DossierDeps, code: string) => appraise(deps, specialist, code, { decision: 'supplement', note: 'Thiếu giấy', missingItems: ['Bản sao CCCD'] });

// Each invariant is shown with two operations started together on a store whose transactions
// interleave statement by statement (test/support/interleaving-store.ts).

const reception: AuthUser = { id: 1, username: 'reception', role: 'reception', displayName: 'Lê Văn Tám', title: null };
const specialist: AuthUser = { id: 2, username: 'specialist', role: 'specialist', displayName: 'Trần Thị Hoa', title: null };
const NOW = Date.UTC(2026, 10, 25, 3); // 10:00 in Hà Nội
const APPLICANT = { applicantName: 'Nguyễn Thị Ánh Tuyết', applicantId: '001085012345', applicantPhone: '0912345678' };

let dir: string;
let handle: DbHandle;
afterEach(() => {
  handle?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Copies "signed": the input PDF with the copy number appended, so each copy is its own blob. */
const signing = {
  certifyCopy: async ({ pdf, copyNumber }) => ({ pdf: new Uint8Array([...pdf, ...new TextEncoder().encode(copyNumber)]), certFingerprint: 'ab', certSubject: 'CN=Seal', level: 'B-T' }),
} as ResultSigning;

function setup(): { deps: DossierDeps; store: InterleavingStore } {
  dir = mkdtempSync(path.join(tmpdir(), 'taicho-tx-'));
  handle = openDatabase(':memory:'); // the procedure catalogue only: every change goes to the store
  seedProcedures(handle.db);
  handle.db.insert(users).values({ username: 'leader', displayName: 'Phạm Văn Lãnh', role: 'leader', passwordHash: 'x', createdAt: 0 }).run();
  const store = interleavingStore();
  const deps: DossierDeps = {
    uow: store,
    lists: sqliteDossierLists(handle.db), // not used here
    procedure: createProcedureCatalogue(sqliteProcedureStore(handle.db)).get,
    blobs: new LocalBlobStore(path.join(dir, 'blobs')),
    clock: { dueDate: (a, d) => a + d * 86_400_000, addWorkingTime: (a, ms) => a + ms, workingMsBetween: (a, b) => b - a },
    agency: { code: '000.00.06.H56', name: 'UBND phường Bến Thành', address: 'TP HCM' },
    publicUrl: 'http://localhost',
    accessKeys: createAccessKeys(new Uint8Array(32)),
    maxUploadBytes: 1 << 20,
    maxFiles: 5,
    now: () => NOW,
    results: { make: async () => new TextEncoder().encode('%PDF-1.7 result') },
    digitisation: digitisationQueue(),
    signing,
  };
  return { deps, store };
}

async function receive(deps: DossierDeps, name = 'to-khai.png') {
  return receiveDossier(deps, reception, { procedureCode: '1.001193', applicant: APPLICANT, channel: 'direct', files: [{ name, bytes: await pngScan(name) }] });
}

/** Recomputes the chain the way `verifyChain` does: gap-free sequence, each entry linked to the one before. */
function chainProblems(store: InterleavingStore): string[] {
  const problems: string[] = [];
  let prev = '0'.repeat(64);
  store.committed.audit.forEach((e, i) => {
    if (e.seq !== i + 1) problems.push(`entry ${i + 1} has seq ${e.seq}`);
    if (e.prevHash !== prev) problems.push(`entry ${e.seq} links to the wrong entry`);
    const body = canonicalJson({ seq: e.seq, at: e.at, actorId: e.actorId, actorName: e.actorName, action: e.action, dossierCode: e.dossierCode, detail: JSON.parse(e.detail), prevHash: e.prevHash });
    if (createHash('sha256').update(body).digest('hex') !== e.hash) problems.push(`entry ${e.seq} does not match its hash`);
    prev = e.hash;
  });
  return problems;
}


describe('invariants under interleaved transactions', () => {
  it('two receptions at once get distinct codes, and the audit chain stays gap-free and valid', async () => {
    const { deps, store } = setup();
    store.startTogether(2);
    const [a, b] = await Promise.all([receive(deps, 'a.png'), receive(deps, 'b.png')]);
    expect(interleaved(store.trace)).toBe(true); // the two transactions did run statement by statement together
    expect(a.code).not.toBe(b.code);
    expect([a.code, b.code].sort()).toEqual(['000.00.06.H56-261125-0001', '000.00.06.H56-261125-0002']);
    expect(store.committed.audit).toHaveLength(4); // per reception: document.uploaded, dossier.received
    expect(chainProblems(store)).toEqual([]);
  });

  it('unrelated changes and reads audited at once: one gap-free, valid chain', async () => {
    const { deps, store } = setup();
    const [a, b] = [await receive(deps, 'a.png'), await receive(deps, 'b.png')];
    store.trace.length = 0;
    store.startTogether(4); // two hand-offs of different dossiers and two audited reads share only the chain
    await Promise.all([
      withdraw(deps, reception, a.code, 'Công dân rút hồ sơ'),
      withdraw(deps, reception, b.code, 'Công dân rút hồ sơ'),
      audited(deps, { action: 'personal_data.viewed', actor: specialist, dossierCode: a.code }),
      audited(deps, { action: 'personal_data.viewed', actor: specialist, dossierCode: b.code }),
    ]);
    expect(interleaved(store.trace)).toBe(true);
    expect(store.committed.audit).toHaveLength(8);
    expect(chainProblems(store)).toEqual([]);
  });

  it('two certifications at once get distinct copy numbers, stored, counted per year', async () => {
    const { deps, store } = setup();
    const { code, documents } = await receive(deps);
    store.committed.documents.get(documents[0]!.id)!.pdfBlob = await deps.blobs.put(new TextEncoder().encode('%PDF-1.7 digitised'));
    store.trace.length = 0;
    store.startTogether(2);
    const [a, b] = await Promise.all([certifyDocument(deps, reception, code, documents[0]!.id, '1234'), certifyDocument(deps, reception, code, documents[0]!.id, '1234')]);
    expect(interleaved(store.trace)).toBe(true);
    expect([a.copyNumber, b.copyNumber].sort()).toEqual(['0001/2026', '0002/2026']);
    expect(store.committed.signatures.map((s) => `${s.copySeq}/${s.copyYear}`).sort()).toEqual(['1/2026', '2/2026']);
    // Each stored copy is the one printed with its number.
    for (const c of [a, b]) expect(new TextDecoder().decode(c.pdf)).toContain(c.copyNumber);
    expect(chainProblems(store)).toEqual([]);

    deps.now = () => Date.UTC(2027, 0, 1, 3); // a new local year starts again at 1
    expect((await certifyDocument(deps, reception, code, documents[0]!.id, '1234')).copyNumber).toBe('0001/2027');
  });

  it('two supplement requests at once: one is recorded, the other refused', async () => {
    const { deps, store } = setup();
    const { code } = await receive(deps);
    store.startTogether(2);
    const outcomes = await Promise.allSettled([askSupplement(deps, code), askSupplement(deps, code)]);
    expect(interleaved(store.trace)).toBe(true);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(store.committed.dossiers.get(code)!.supplementCount).toBe(1);
    expect(chainProblems(store)).toEqual([]);
  });

  it("a supplement request counts from the row its own transaction reads, not from an earlier read", async () => {
    const { deps, store } = setup();
    const { code } = await receive(deps);
    const release = store.holdNext();
    const late = askSupplement(deps, code); // its transaction waits while a whole round commits
    await askSupplement(deps, code);
    await resumeAfterSupplement(deps, reception, code, null, {});
    release();
    await late;
    const row = store.committed.dossiers.get(code)!;
    expect(store.committed.transitions.filter((t) => t.action === 'request_supplement')).toHaveLength(2);
    expect(row.supplementCount).toBe(2);
  });

  it('a rolled-back change leaves no audit entry, no job and no announcement', async () => {
    const { deps, store } = setup();
    const announced: string[] = [];
    store.onJob((kind) => announced.push(kind));
    store.failNext('transitions.insert'); // after the dossier, its document, its job and their audit entries
    store.startTogether(2);
    const outcomes = await Promise.allSettled([receive(deps, 'a.png'), receive(deps, 'b.png')]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']); // whichever reached the failure first
    const ok = outcomes.find((o) => o.status === 'fulfilled')!;
    expect(store.committed.dossiers.size).toBe(1);
    expect(store.committed.audit.map((e) => e.action)).toEqual(['document.uploaded', 'dossier.received']);
    expect(store.committed.jobs).toHaveLength(1);
    expect(announced).toEqual([DIGITISE_JOB]);
    expect(chainProblems(store)).toEqual([]);

    const { code } = (ok as PromiseFulfilledResult<{ code: string }>).value;
    const before = store.committed.audit.length;
    const broken = applyTransition(deps, specialist, code, 'accept', {
      also: async () => {
        throw new Error('the signature record could not be written');
      },
    });
    await expect(broken).rejects.toThrow('could not be written');
    expect(store.committed.audit).toHaveLength(before);
    expect(store.committed.dossiers.get(code)!.status).toBe('received');
  });

  it('a job is announced only after its transaction has committed', async () => {
    const { deps, store } = setup();
    const seen: { kind: string; committedJobs: number; committedDossiers: number }[] = [];
    store.onJob((kind) => seen.push({ kind, committedJobs: store.committed.jobs.length, committedDossiers: store.committed.dossiers.size }));
    store.startTogether(2);
    await Promise.all([receive(deps, 'a.png'), receive(deps, 'b.png')]);
    expect(seen).toHaveLength(2);
    // When told, the runner can already see the job and the dossier whose document it digitises.
    expect(seen[0]!.committedJobs).toBeGreaterThanOrEqual(1);
    expect(seen.every((s) => s.committedDossiers >= 1 && s.kind === DIGITISE_JOB)).toBe(true);
  });

  it('two renewals of one archived result at once: one replaces it with its audit entry, the other changes nothing', async () => {
    const { deps, store } = setup();
    const { code } = await receive(deps);
    const [old, b, c] = ['a', 'b', 'c'].map((x) => x.repeat(64));
    store.committed.dossiers.get(code)!.resultBlob = old;
    const entries = store.committed.audit.length;
    const renewal = (blob: string) => recordRenewal(store, code, old, blob, { action: 'result.archive_renewed', actor: null, dossierCode: code, detail: { from: old, resultBlob: blob } }, NOW);
    store.trace.length = 0;
    store.startTogether(2);
    const swapped = await Promise.all([renewal(b), renewal(c)]);
    expect(interleaved(store.trace)).toBe(true);
    expect([...swapped].sort()).toEqual([false, true]);
    expect(store.committed.dossiers.get(code)!.resultBlob).toBe(swapped[0] ? b : c);
    expect(store.committed.audit.slice(entries).map((e) => JSON.parse(e.detail).resultBlob)).toEqual([swapped[0] ? b : c]);
    expect(chainProblems(store)).toEqual([]);
  });
});
