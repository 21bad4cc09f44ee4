import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type DbHandle } from '../db/client';
import { SqliteQueue } from '../db/sqlite/queue';
import { sqliteUnitOfWork } from '../db/sqlite/unit-of-work';
import { auditLog, documents, dossiers, jobs, users } from '../db/schema';
import { seedProcedures } from '../db/sqlite/procedures';
import { searchPages } from '../search/sqlite-fts-index';
import { LocalBlobStore } from '../storage/local-blob-store';
import { DIGITISE_JOB, MAX_ATTEMPTS, digitisationQueue, startDigitisationRunner, type DocumentDigitiser } from './digitisation';
import { createDossierEvents, type DossierEvent } from './events';
import type { UnitOfWork } from './store';

// The runner's own logic (statuses, events, isolation of failures, restart) is tested with a
// digitiser that reads the "scan" as UTF-8 text; the real OCR pipeline has its own tests.
const textDigitiser: DocumentDigitiser = {
  async digitise({ bytes }, onProgress) {
    const text = new TextDecoder().decode(bytes);
    if (text.startsWith('POISON')) throw new Error('page 1: image data is corrupt');
    const pages = text.split('\f');
    pages.forEach((_, i) => onProgress(i + 1, pages.length));
    return { pdf: new TextEncoder().encode(`%PDF-1.7 ${text}`), pageTexts: pages };
  },
};

let dir: string;
let handle: DbHandle;
afterEach(() => {
  handle?.close();
  rmSync(dir, { recursive: true, force: true });
});

function setup() {
  dir = mkdtempSync(path.join(tmpdir(), 'taicho-dig-'));
  handle = openDatabase(path.join(dir, 'db.sqlite'));
  const { db } = handle;
  seedProcedures(db);
  const u = db.insert(users).values({ username: 'r', displayName: 'R', role: 'reception', passwordHash: 'x', createdAt: 0 }).returning().get();
  db.insert(dossiers).values({ code: 'D1', agencyCode: 'A', procedureCode: '1.001193', applicantName: 'A', applicantId: '001085012345', applicantPhone: '0912345678', channel: 'direct', status: 'received', receivedAt: 0, dueAt: 1, receivedBy: u.id }).run();
  const queue = new SqliteQueue(db);
  return { db, blobs: new LocalBlobStore(path.join(dir, 'blobs')), queue, uow: sqliteUnitOfWork(handle, queue) };
}

async function addDoc(ctx: ReturnType<typeof setup>, id: string, content: string) {
  const blob = await ctx.blobs.put(new TextEncoder().encode(content));
  await ctx.uow.run(async (tx) => {
    await tx.documents.insert({ id, dossierCode: 'D1', name: id, kind: 'copy', copies: 1, mime: 'image/png', size: 1, sourceBlob: blob, citizenId: '001085012345', status: 'queued', createdAt: 0 });
    await digitisationQueue().enqueue(tx, id);
  });
}

const status = (ctx: ReturnType<typeof setup>, id: string) => ctx.db.select().from(documents).where(eq(documents.id, id)).get()!;

describe('digitisation runner', () => {
  it('processes queued documents, reports progress, and fails a broken one alone', async () => {
    const ctx = setup();
    await addDoc(ctx, 'good', 'Trang một\fĐăng ký khai sinh cho trẻ');
    await addDoc(ctx, 'bad', 'POISON');
    await addDoc(ctx, 'also-good', 'Giấy chứng nhận quyền sử dụng đất');
    const events = createDossierEvents();
    const seen: DossierEvent[] = [];
    events.subscribe('D1', (e) => seen.push(e));
    const runner = await startDigitisationRunner({ ...ctx, digitiser: textDigitiser, events, concurrency: 2 });
    await runner.idle();
    await runner.stop();
    expect(status(ctx, 'good')).toMatchObject({ status: 'done', pageCount: 2, pagesDone: 2 });
    expect(status(ctx, 'bad')).toMatchObject({ status: 'failed', error: 'page 1: image data is corrupt' });
    expect(status(ctx, 'also-good').status).toBe('done');
    expect(searchPages(ctx.db, 'dang ky khai sinh')[0]).toMatchObject({ documentId: 'good', page: 2 });
    expect(seen.filter((e) => e.data.id === 'good').map((e) => e.data.status)).toEqual(['processing', 'processing', 'processing', 'done']);
  });

  it('resumes work left queued or running when the server stopped', async () => {
    const ctx = setup();
    await addDoc(ctx, 'a', 'Hồ sơ thứ nhất');
    await addDoc(ctx, 'b', 'Hồ sơ thứ hai');
    await ctx.queue.claim(['digitise-document']); // a crashed process had taken 'a'
    const runner = await startDigitisationRunner({ ...ctx, digitiser: textDigitiser, events: createDossierEvents(), concurrency: 1 });
    expect(runner.recovered).toBe(1);
    await runner.idle();
    await runner.stop();
    expect([status(ctx, 'a').status, status(ctx, 'b').status]).toEqual(['done', 'done']);
  });

  it('starts on a new job when it is committed, not at the next poll', async () => {
    const ctx = setup();
    const events = createDossierEvents();
    const realSetTimeout = globalThis.setTimeout;
    // The runner's poll is a timer: with timers frozen it never fires, so the document can only
    // get done if committing the job wakes the runner. No wall-clock budget on a busy machine.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    try {
      const runner = await startDigitisationRunner({ ...ctx, digitiser: textDigitiser, events, concurrency: 1 });
      const done = new Promise<string>((resolve) => events.subscribe('D1', (e) => e.data.status === 'done' && resolve('done')));
      await addDoc(ctx, 'fresh', 'Tờ khai');
      // The real timer only keeps a broken runner from hanging the suite until the test timeout.
      const never = new Promise<string>((resolve) => realSetTimeout(() => resolve('still waiting for the poll'), 20_000));
      expect(await Promise.race([done, never])).toBe('done');
      vi.useRealTimers();
      await runner.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a document whose worker died fails once for good: not retried, not at the next start either', async () => {
    const ctx = setup();
    await addDoc(ctx, 'oom', 'any');
    let calls = 0;
    const dying: DocumentDigitiser = {
      async digitise() {
        calls++;
        throw new Error("oom page 1: processing needed more than the worker's memory limit and was stopped");
      },
    };
    for (let start = 0; start < 2; start++) {
      const runner = await startDigitisationRunner({ ...ctx, digitiser: dying, events: createDossierEvents(), concurrency: 1 });
      await runner.idle();
      await runner.stop();
    }
    expect(calls).toBe(1);
    expect(status(ctx, 'oom')).toMatchObject({ status: 'failed', error: expect.stringMatching(/^oom page 1: .*memory limit/) });
    expect(await ctx.queue.counts()).toEqual({ failed: 1 });
  });

  it('gives up on a job the service kept stopping on, and the document says why', async () => {
    const ctx = setup();
    await addDoc(ctx, 'killer', 'Tệp làm sập tiến trình');
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await ctx.queue.claim([DIGITISE_JOB]); // taken, then the process died
      await ctx.queue.recover();
    }
    const runner = await startDigitisationRunner({ ...ctx, digitiser: textDigitiser, events: createDossierEvents(), concurrency: 1 });
    expect(runner.running).toBe(true);
    await runner.idle();
    await runner.stop();
    expect(runner.running).toBe(false);
    expect(status(ctx, 'killer')).toMatchObject({ status: 'failed', error: expect.stringMatching(/gave up after 3 attempts/) });
  });

  // Issue 10 (crash harness): a kill between recording a document digitised and marking its job
  // done left the job 'running'; the restart ran it again (a second audit entry, pages indexed twice).
  it('a job whose document is already recorded digitised completes at restart without running again', async () => {
    const ctx = setup();
    await addDoc(ctx, 'once', 'Tờ khai một lần');
    let calls = 0;
    const counting: DocumentDigitiser = { digitise: (input, p) => (calls++, textDigitiser.digitise(input, p)) };
    const first = await startDigitisationRunner({ ...ctx, digitiser: counting, events: createDossierEvents(), concurrency: 1 });
    await first.idle();
    await first.stop();
    ctx.db.update(jobs).set({ status: 'running' }).run(); // what the kill left behind
    const second = await startDigitisationRunner({ ...ctx, digitiser: counting, events: createDossierEvents(), concurrency: 1 });
    await second.idle();
    await second.stop();
    expect(calls).toBe(1);
    expect(ctx.db.select().from(auditLog).all().filter((e) => e.action === 'document.digitised')).toHaveLength(1);
    expect(await ctx.queue.counts()).toEqual({ done: 1 });
  });

  it("the document's outcome and its job's state commit together (interrupted: neither is recorded)", async () => {
    const ctx = setup();
    await addDoc(ctx, 'torn', 'Trang bị cắt ngang');
    // The process "dies" as the job is marked done: nothing written with it may remain.
    const interrupted: UnitOfWork = {
      ...ctx.uow,
      run: (work) =>
        ctx.uow.run((tx) =>
          work({
            ...tx,
            jobs: {
              ...tx.jobs,
              complete: async () => {
                throw new Error('killed while completing the job');
              },
            },
          }),
        ),
    };
    const runner = await startDigitisationRunner({ ...ctx, uow: interrupted, digitiser: textDigitiser, events: createDossierEvents(), concurrency: 1 });
    await runner.idle();
    await runner.stop();
    const job = ctx.db.select().from(jobs).get()!;
    expect(job.status).not.toBe('running');
    expect(status(ctx, 'torn').status).not.toBe('done');
    expect(ctx.db.select().from(auditLog).all().filter((e) => e.action === 'document.digitised')).toHaveLength(0);
    expect(searchPages(ctx.db, 'cat ngang')).toHaveLength(0);
  });
});
