import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { interleaved, interleavingStore } from '../../test/support/interleaving-store';
import { openDatabase, type DbHandle } from '../db/client';
import { users } from '../db/schema';
import { sqliteAuditReader } from '../db/sqlite/audit';
import { SqliteQueue } from '../db/sqlite/queue';
import { sqliteUnitOfWork } from '../db/sqlite/unit-of-work';
import type { Queue } from '../jobs/ports';
import { seedProcedures } from '../db/sqlite/procedures';
import { LocalBlobStore } from '../storage/local-blob-store';
import { DIGITISE_JOB, digitisationQueue, startDigitisationRunner, type DocumentDigitiser } from './digitisation';
import { createDossierEvents } from './events';
import type { DossierTx, UnitOfWork } from './store';

// The runner's invariants (issue 15), on each adapter: the interleaving store, whose
// transactions run statement by statement together and whose claim behaves as PostgreSQL's
// FOR UPDATE SKIP LOCKED, and the embedded SQLite one.

interface Adapter {
  uow: UnitOfWork;
  queue: Queue;
  /** The actions of the committed audit trail, in order. */
  auditActions(): Promise<string[]>;
}

let dir: string;
let handle: DbHandle | undefined;
afterEach(() => {
  handle?.close();
  handle = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const adapters: [string, () => Adapter][] = [
  [
    'interleaving store',
    () => {
      const store = interleavingStore();
      return { uow: store, queue: store.queue, auditActions: async () => store.committed.audit.map((e) => e.action) };
    },
  ],
  [
    'SQLite',
    () => {
      handle = openDatabase(path.join(dir, 'db.sqlite'));
      seedProcedures(handle.db);
      handle.db.insert(users).values({ username: 'r', displayName: 'R', role: 'reception', passwordHash: 'x', createdAt: 0 }).run();
      const queue = new SqliteQueue(handle.db);
      const reader = sqliteAuditReader(handle.db);
      return { uow: sqliteUnitOfWork(handle, queue), queue, auditActions: async () => (await reader.entries()).map((e) => e.action) };
    },
  ],
];

const tick = () => new Promise<void>((r) => setImmediate(r));

/** Reads the "scan" as UTF-8 text, pages split by form feeds; counts its calls by document. */
function countingDigitiser() {
  const calls = new Map<string, number>();
  const digitiser: DocumentDigitiser = {
    async digitise({ bytes, name }, onProgress) {
      calls.set(name, (calls.get(name) ?? 0) + 1);
      await tick(); // as OCR does: the other runner goes on meanwhile
      const pages = new TextDecoder().decode(bytes).split('\f');
      pages.forEach((_, i) => onProgress(i + 1, pages.length));
      return { pdf: new TextEncoder().encode(`%PDF-1.7 ${name}`), pageTexts: pages };
    },
  };
  return { digitiser, calls };
}

async function setup(make: () => Adapter, documentIds: string[]) {
  dir = mkdtempSync(path.join(tmpdir(), 'taicho-dig-inv-'));
  const adapter = make();
  const blobs = new LocalBlobStore(path.join(dir, 'blobs'));
  const sources = await Promise.all(documentIds.map((id) => blobs.put(new TextEncoder().encode(`Tờ khai ${id}\fTrang hai của ${id}`))));
  await adapter.uow.run(async (tx) => {
    await tx.dossiers.insert({ code: 'D1', agencyCode: 'A', procedureCode: '1.001193', applicantName: 'Nguyễn Văn A', applicantId: '001085012345', applicantPhone: '0912345678', applicantAddress: null, channel: 'direct', status: 'received', receivedAt: 0, dueAt: 1, receivedBy: 1 });
    for (const [i, id] of documentIds.entries()) {
      await tx.documents.insert({ id, dossierCode: 'D1', name: id, kind: 'copy', copies: 1, mime: 'text/plain', size: 1, sourceBlob: sources[i]!, citizenId: '001085012345', status: 'queued', createdAt: 0 });
      await digitisationQueue().enqueue(tx, id);
    }
  });
  return { ...adapter, blobs, events: createDossierEvents() };
}

/**
 * The process "dies" at `method` once it has begun to record a document digitised (written its
 * pages): that call throws, and from then on nothing more reaches the database.
 */
function dyingAt(uow: UnitOfWork, method: 'pages.replace' | 'audit.insert' | 'jobs.complete' | 'documents.update'): UnitOfWork {
  let dead = false;
  let recording = false;
  const dying = (tx: DossierTx): DossierTx => {
    const die = (name: string) => {
      if (name === method && recording) {
        dead = true;
        throw new Error(`killed at ${method}`);
      }
    };
    return {
      ...tx,
      pages: { replace: async (id, pages) => ((recording = true), die('pages.replace'), tx.pages.replace(id, pages)) },
      audit: { ...tx.audit, insert: async (e) => (die('audit.insert'), tx.audit.insert(e)) },
      jobs: { ...tx.jobs, complete: async (id) => (die('jobs.complete'), tx.jobs.complete(id)) },
      documents: { ...tx.documents, update: async (id, patch) => (die('documents.update'), tx.documents.update(id, patch)) },
    };
  };
  return {
    run: (work) => (dead ? Promise.reject(new Error('the process is gone')) : uow.run((tx) => work(dying(tx)))),
    read: (work) => (dead ? Promise.reject(new Error('the process is gone')) : uow.read(work)),
  };
}

describe('a job claimed by two at once is taken by one only', () => {
  it('interleaving store: two claims of the one ready job, statement by statement together', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'taicho-dig-inv-'));
    const store = interleavingStore();
    await store.run((tx) => tx.jobs.enqueue(DIGITISE_JOB, { documentId: 'x' }));
    const claims = await Promise.all([store.queue.claim([DIGITISE_JOB]), store.queue.claim([DIGITISE_JOB])]);
    expect(interleaved(store.trace)).toBe(true);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(store.committed.jobs[0]).toMatchObject({ status: 'running', attempts: 1 });
  });

  it.each(adapters)('%s: two runners on one queue digitise each document once', async (_, make) => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const ctx = await setup(make, ids);
    const { digitiser, calls } = countingDigitiser();
    const runners = await Promise.all([1, 2].map(() => startDigitisationRunner({ ...ctx, digitiser, concurrency: 2 })));
    await Promise.all(runners.map((r) => r.idle()));
    await Promise.all(runners.map((r) => r.stop()));
    expect(Object.fromEntries(calls)).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
    expect((await ctx.auditActions()).filter((a) => a === 'document.digitised')).toHaveLength(ids.length);
    expect(await ctx.queue.counts()).toEqual({ done: ids.length });
  });
});

describe("a document's outcome, its pages, its audit entry and its job's done commit together", () => {
  const cases = adapters.flatMap(([name, make]) => (['pages.replace', 'audit.insert', 'jobs.complete', 'documents.update'] as const).map((at) => [name, at, make] as const));

  it.each(cases)('%s, killed at %s: nothing of it is recorded, and the job runs again at restart', async (_, at, make) => {
    const ctx = await setup(make, ['torn']);
    const { digitiser, calls } = countingDigitiser();
    const logged: string[] = [];
    const dying = await startDigitisationRunner({ ...ctx, uow: dyingAt(ctx.uow, at), digitiser, concurrency: 1, log: (_, msg) => logged.push(msg) });
    // Until the job ended with the process (or, were the kill missed, got done).
    while (!logged.includes('job could not be recorded') && !(await ctx.queue.counts()).done) await tick();
    await dying.stop();

    const read = () => ctx.uow.read(async (r) => ({ doc: await r.documents.find('torn'), pages: await r.documents.pages('torn') }));
    const left = await read();
    expect(left.doc?.status).toBe('processing');
    expect(left.doc?.pdfBlob).toBeNull();
    expect(left.pages).toEqual([]);
    expect(await ctx.auditActions()).not.toContain('document.digitised');
    expect(await ctx.queue.counts()).toEqual({ running: 1 }); // still the dead process's: taken again at restart

    const restarted = await startDigitisationRunner({ ...ctx, digitiser, concurrency: 1 });
    expect(restarted.recovered).toBe(1);
    await restarted.idle();
    await restarted.stop();
    const after = await read();
    expect(after.doc).toMatchObject({ status: 'done', pageCount: 2, pagesDone: 2 });
    expect(after.pages.map((p) => p.text)).toEqual(['Tờ khai torn', 'Trang hai của torn']);
    expect((await ctx.auditActions()).filter((a) => a === 'document.digitised')).toHaveLength(1);
    expect(await ctx.queue.counts()).toEqual({ done: 1 });
    expect(calls.get('torn')).toBe(2);
  });
});
