import { describe, expect, it } from 'vitest';
import { jobs } from '../schema';
import { openDatabase, type DbHandle } from '../client';
import { SqliteQueue } from './queue';
import { sqliteUnitOfWork } from './unit-of-work';

/** The queue, and its writes as the domain makes them: each in a unit of work of its own. */
function queueOn(handle: DbHandle, now: () => number) {
  const q = new SqliteQueue(handle.db, now);
  const uow = sqliteUnitOfWork(handle, q);
  return {
    q,
    enqueue: (kind: string, payload: unknown) => uow.run((tx) => tx.jobs.enqueue(kind, payload)),
    complete: (id: number) => uow.run((tx) => tx.jobs.complete(id)),
    fail: (id: number, error: string, retryInMs?: number) => uow.run((tx) => tx.jobs.fail(id, error, retryInMs)),
  };
}

describe('SqliteQueue', () => {
  it('hands each job out once, in order, and requeues running jobs after a restart', async () => {
    const handle = openDatabase(':memory:');
    let t = 1000;
    const { q, enqueue, complete, fail } = queueOn(handle, () => t);
    const a = await enqueue('ocr', { documentId: 'a' });
    const b = await enqueue('ocr', { documentId: 'b' });
    await enqueue('other', {});
    expect(await q.claim(['ocr'])).toMatchObject({ id: a, payload: { documentId: 'a' }, attempts: 1 });
    expect((await q.claim(['ocr']))?.id).toBe(b);
    expect(await q.claim(['ocr'])).toBeUndefined();
    // The process dies with both running; at the next start they are queued again.
    expect(await q.recover()).toBe(2);
    expect(await q.claim(['ocr'])).toMatchObject({ id: a, attempts: 2 });
    expect(await q.claim(['ocr'])).toMatchObject({ id: b, attempts: 2 });
    await complete(a);
    await fail(b, 'boom', 500);
    expect(await q.claim(['ocr'])).toBeUndefined();
    t += 1000;
    expect((await q.claim(['ocr']))?.id).toBe(b);
    expect(await q.counts()).toMatchObject({ done: 1, running: 1, queued: 1 });
    handle.close();
  });

  it('retries after the delay and fails for good when asked', async () => {
    const handle = openDatabase(':memory:');
    let t = 0;
    const { q, enqueue, fail } = queueOn(handle, () => t);
    const id = await enqueue('ocr', {});
    await q.claim(['ocr']);
    await fail(id, 'temporary', 1000);
    expect(await q.claim(['ocr'])).toBeUndefined();
    t = 1000;
    expect((await q.claim(['ocr']))?.attempts).toBe(2);
    await fail(id, 'poisoned page');
    t = 10_000;
    expect(await q.claim(['ocr'])).toBeUndefined();
    expect(await q.counts()).toMatchObject({ failed: 1 });
    handle.close();
  });

  it('tells listeners of a new job once the enqueuing transaction has committed', async () => {
    const handle = openDatabase(':memory:');
    const { db, close } = handle;
    const q = new SqliteQueue(db);
    const uow = sqliteUnitOfWork(handle, q);
    const seen: { kind: string; visible: boolean }[] = [];
    const stop = q.onEnqueued((kind) => seen.push({ kind, visible: db.select().from(jobs).all().filter((j) => j.status === 'queued').length === 1 }));
    await uow.run(async (tx) => {
      await tx.jobs.enqueue('ocr', {});
      expect(seen).toEqual([]); // not yet: the job is not committed
    });
    await Promise.resolve();
    expect(seen).toEqual([{ kind: 'ocr', visible: true }]);
    stop();
    await uow.run((tx) => tx.jobs.enqueue('ocr', {}));
    await Promise.resolve();
    expect(seen).toHaveLength(1);
    close();
  });
});
