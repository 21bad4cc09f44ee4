import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { jobs } from '../db/schema';

export interface Job<P = unknown> {
  id: number;
  kind: string;
  payload: P;
  attempts: number;
}

/**
 * A persistent job queue. The embedded default keeps jobs in SQLite; a job is enqueued inside
 * the transaction of the change that needs it, so the two commit together. Jobs left
 * `running` by a process that stopped are requeued by `recover()` at start.
 */
export interface Queue {
  /** Stores a job in `tx` without announcing it (the domain enqueues through `JobsTx`, which does). */
  enqueue(tx: DbOrTx, kind: string, payload: unknown): number;
  announce(kind: string): void;
  /** Takes the oldest ready job of one of `kinds`, marking it running; undefined when none. */
  claim(kinds: readonly string[]): Job | undefined;
  /**
   * Marks the job done. Pass the transaction that records the job's outcome, so the outcome and
   * "done" commit together: a crash between them would run the job a second time at restart.
   */
  complete(id: number, tx?: DbOrTx): void;
  /** Fails the job for good, or schedules a retry after `retryInMs`; `tx` as for `complete`. */
  fail(id: number, error: string, retryInMs?: number, tx?: DbOrTx): void;
  recover(): number;
  counts(): Record<string, number>;
  /**
   * Tells `listener` that a job was enqueued, so a runner looks at once instead of at its next
   * poll. The unit of work announces it (`announce`) once the enqueuing transaction has
   * committed; a rolled-back job is never announced. Returns the unsubscribe function.
   */
  onEnqueued(listener: (kind: string) => void): () => void;
}

export class SqliteQueue implements Queue {
  private readonly listeners = new Set<(kind: string) => void>();

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  enqueue(tx: DbOrTx, kind: string, payload: unknown): number {
    const t = this.now();
    return tx.insert(jobs).values({ kind, payload, status: 'queued', runAfter: t, createdAt: t, updatedAt: t }).returning({ id: jobs.id }).get().id;
  }

  /** Called by the unit of work once the transaction that enqueued a job of `kind` has committed. */
  announce(kind: string): void {
    for (const listener of this.listeners) listener(kind);
  }

  claim(kinds: readonly string[]): Job | undefined {
    const t = this.now();
    // better-sqlite3 is synchronous, so select-then-update in one transaction cannot race within
    // this process; the status guard in the update keeps it safe across processes too.
    return this.db.transaction((tx) => {
      const candidates = tx
        .select()
        .from(jobs)
        .where(and(eq(jobs.status, 'queued'), lte(jobs.runAfter, t)))
        .orderBy(asc(jobs.runAfter), asc(jobs.id))
        .limit(20)
        .all()
        .filter((j) => kinds.includes(j.kind));
      const next = candidates[0];
      if (!next) return undefined;
      const claimed = tx
        .update(jobs)
        .set({ status: 'running', lockedAt: t, attempts: next.attempts + 1, updatedAt: t })
        .where(and(eq(jobs.id, next.id), eq(jobs.status, 'queued')))
        .returning()
        .get();
      return claimed ? { id: claimed.id, kind: claimed.kind, payload: claimed.payload, attempts: claimed.attempts } : undefined;
    });
  }

  complete(id: number, tx: DbOrTx = this.db): void {
    tx.update(jobs).set({ status: 'done', updatedAt: this.now(), error: null }).where(eq(jobs.id, id)).run();
  }

  fail(id: number, error: string, retryInMs?: number, tx: DbOrTx = this.db): void {
    const t = this.now();
    const set = retryInMs === undefined ? { status: 'failed' as const } : { status: 'queued' as const, runAfter: t + retryInMs };
    tx.update(jobs).set({ ...set, error, updatedAt: t, lockedAt: null }).where(eq(jobs.id, id)).run();
  }

  recover(): number {
    return this.db.update(jobs).set({ status: 'queued', lockedAt: null, updatedAt: this.now() }).where(eq(jobs.status, 'running')).run().changes;
  }

  counts(): Record<string, number> {
    const rows = this.db.select({ status: jobs.status, n: sql<number>`count(*)` }).from(jobs).groupBy(jobs.status).all();
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  onEnqueued(listener: (kind: string) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
}
