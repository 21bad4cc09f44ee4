/**
 * Background jobs as the domain sees them: a port, async, with no database handle in
 * it. Enqueuing, completing and failing are done through `JobsTx`, inside the unit of work of
 * the change they belong to, so a job's outcome and its "done" commit together; taking a job
 * (`claim`) is a transaction of its own, made by the adapter.
 */
export interface Job<P = unknown> {
  id: number;
  kind: string;
  payload: P;
  /** How many times the job has been taken, this time included. */
  attempts: number;
}

/** A job's part in the current transaction (of `UnitOfWork.run`). */
export interface JobsTx {
  /**
   * Stores a job in the current transaction. Runners are told of it only once the transaction
   * has committed (by the unit of work), never for one that rolled back.
   */
  enqueue(kind: string, payload: unknown): Promise<number>;
  /** Marks a taken job done, with the outcome written in the same transaction. */
  complete(id: number): Promise<void>;
  /** Fails a taken job for good, or queues it again `retryInMs` from now; with the same transaction as its outcome. */
  fail(id: number, error: string, retryInMs?: number): Promise<void>;
}

/**
 * Where runners take jobs from. The embedded default keeps jobs in SQLite
 * (src/db/sqlite/queue.ts); a PostgreSQL adapter keeps the same rows and claims with
 * `FOR UPDATE SKIP LOCKED`, so worker processes on several machines share one queue.
 */
export interface Queue {
  /**
   * Takes the oldest ready job of one of `kinds` (queued, its `runAfter` passed), marks it
   * running and counts the attempt, all in one transaction of its own; undefined when none.
   * Two runners claiming at the same time never get the same job: the adapter locks the row it
   * picks (a runner that meets a locked row skips to the next one) and changes it only if it is
   * still queued.
   */
  claim(kinds: readonly string[]): Promise<Job | undefined>;
  /**
   * Queues again the jobs left running by a process that stopped (at start-up); how many. With
   * one process (the embedded default) every running job is such a job; several processes
   * would need a lease (lockedAt older than a deadline) instead.
   */
  recover(): Promise<number>;
  /** How many jobs are in each status. */
  counts(): Promise<Record<string, number>>;
  /**
   * Tells `listener` that a job was enqueued, so a runner looks at once instead of at its next
   * poll. It is told only once the enqueuing transaction has committed (the SQLite unit of work
   * runs the announcement after COMMIT; PostgreSQL would NOTIFY in the transaction, which is
   * delivered at commit, to workers on other machines too); a rolled-back job is never
   * announced. Returns the unsubscribe function.
   */
  onEnqueued(listener: (kind: string) => void): () => void;
}
