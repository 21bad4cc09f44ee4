import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Job, JobsTx, Queue } from '../../jobs/ports';
import type { Db, DbOrTx } from '../client';
import { jobs } from '../schema';

/**
 * The job queue on SQLite (the embedded default). Jobs are rows of `jobs`; the unit of work
 * hands each transaction a `JobsTx` on its connection (`jobsTx`), and announces the jobs it
 * enqueued once COMMIT has returned. Jobs left `running` by a process that stopped are queued
 * again by `recover()` at start.
 */
export class SqliteQueue implements Queue {
  private readonly listeners = new Set<(kind: string) => void>();

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /** The jobs' part of a unit of work's transaction `tx`; `afterCommit` registers what runs once it has committed. */
  jobsTx(tx: DbOrTx, afterCommit: (fn: () => void) => void): JobsTx {
    return {
      enqueue: async (kind, payload) => {
        const t = this.now();
        const { id } = tx.insert(jobs).values({ kind, payload, status: 'queued', runAfter: t, createdAt: t, updatedAt: t }).returning({ id: jobs.id }).get();
        afterCommit(() => this.announce(kind));
        return id;
      },
      complete: async (id) => void tx.update(jobs).set({ status: 'done', updatedAt: this.now(), error: null }).where(eq(jobs.id, id)).run(),
      fail: async (id, error, retryInMs) => {
        const t = this.now();
        const set = retryInMs === undefined ? { status: 'failed' as const } : { status: 'queued' as const, runAfter: t + retryInMs };
        tx.update(jobs).set({ ...set, error, updatedAt: t, lockedAt: null }).where(eq(jobs.id, id)).run();
      },
    };
  }

  private announce(kind: string): void {
    for (const listener of this.listeners) listener(kind);
  }

  /**
   * One statement, so one transaction: SQLite runs it under its write lock, and no other
   * connection or process can take the row between the choice and the update; the status guard
   * makes it change nothing should the row have been taken before. PostgreSQL does the same
   * with the sub-select `... ORDER BY run_after, id LIMIT 1 FOR UPDATE SKIP LOCKED`: a worker
   * locks the row it picks until its claim commits, another worker's sub-select skips locked
   * rows and takes the next ready one, so many workers claim at once without waiting on, or
   * taking, the same job.
   */
  async claim(kinds: readonly string[]): Promise<Job | undefined> {
    if (kinds.length === 0) return undefined;
    const t = this.now();
    const next = this.db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.status, 'queued'), sql`${jobs.runAfter} <= ${t}`, inArray(jobs.kind, [...kinds])))
      .orderBy(jobs.runAfter, jobs.id)
      .limit(1);
    const claimed = this.db
      .update(jobs)
      .set({ status: 'running', lockedAt: t, attempts: sql`${jobs.attempts} + 1`, updatedAt: t })
      .where(and(eq(jobs.id, sql`(${next})`), eq(jobs.status, 'queued')))
      .returning()
      .get();
    return claimed && { id: claimed.id, kind: claimed.kind, payload: claimed.payload, attempts: claimed.attempts };
  }

  async recover(): Promise<number> {
    return this.db.update(jobs).set({ status: 'queued', lockedAt: null, updatedAt: this.now() }).where(eq(jobs.status, 'running')).run().changes;
  }

  async counts(): Promise<Record<string, number>> {
    const rows = this.db.select({ status: jobs.status, n: sql<number>`count(*)` }).from(jobs).groupBy(jobs.status).all();
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  onEnqueued(listener: (kind: string) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
}
