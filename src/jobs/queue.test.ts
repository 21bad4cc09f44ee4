import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client';
import { sqliteUnitOfWork } from '../db/sqlite/unit-of-work';
import { SqliteQueue } from './queue';

describe('SqliteQueue', () => {
  it('hands each job out once, in order, and requeues running jobs after a restart', () => {
    const { db, close } = openDatabase(':memory:');
    let t = 1000;
    const q = new SqliteQueue(db, () => t);
    const a = q.enqueue(db, 'ocr', { documentId: 'a' });
    const b = q.enqueue(db, 'ocr', { documentId: 'b' });
    q.enqueue(db, 'other', {});
    expect(q.claim(['ocr'])).toMatchObject({ id: a, payload: { documentId: 'a' }, attempts: 1 });
    expect(q.claim(['ocr'])?.id).toBe(b);
    expect(q.claim(['ocr'])).toBeUndefined();
    // The process dies with both running; at the next start they are queued again.
    expect(q.recover()).toBe(2);
    expect(q.claim(['ocr'])).toMatchObject({ id: a, attempts: 2 });
    expect(q.claim(['ocr'])).toMatchObject({ id: b, attempts: 2 });
    q.complete(a);
    q.fail(b, 'boom', 500);
    expect(q.claim(['ocr'])).toBeUndefined();
    t += 1000;
    expect(q.claim(['ocr'])?.id).toBe(b);
    expect(q.counts()).toMatchObject({ done: 1, running: 1, queued: 1 });
    close();
  });

  it('retries after the delay and fails for good when asked', () => {
    const { db, close } = openDatabase(':memory:');
    let t = 0;
    const q = new SqliteQueue(db, () => t);
    const id = q.enqueue(db, 'ocr', {});
    q.claim(['ocr']);
    q.fail(id, 'temporary', 1000);
    expect(q.claim(['ocr'])).toBeUndefined();
    t = 1000;
    expect(q.claim(['ocr'])?.attempts).toBe(2);
    q.fail(id, 'poisoned page');
    t = 10_000;
    expect(q.claim(['ocr'])).toBeUndefined();
    expect(q.counts()).toMatchObject({ failed: 1 });
    close();
  });

  it('tells listeners of a new job once the enqueuing transaction has committed', async () => {
    const handle = openDatabase(':memory:');
    const { db, close } = handle;
    const q = new SqliteQueue(db);
    const uow = sqliteUnitOfWork(handle, q);
    const seen: { kind: string; visible: boolean }[] = [];
    const stop = q.onEnqueued((kind) => seen.push({ kind, visible: q.counts().queued === 1 }));
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
