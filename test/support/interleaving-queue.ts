import type { Queue } from '../../src/jobs/ports';

/** A job row as the interleaving store keeps it. */
export interface StoredJob {
  id: number;
  kind: string;
  payload: unknown;
  status: 'queued' | 'running' | 'done' | 'failed';
  attempts: number;
  runAfter: number;
  error: string | null;
}

interface QueueDeps {
  /** The committed job rows (shared with the store, which enqueues, completes and fails them). */
  jobs: StoredJob[];
  listeners: ((kind: string) => void)[];
  now: () => number;
  trace: number[];
  newTx: () => number;
  /** Takes a lock unless another transaction holds it (then false, without waiting). */
  tryLock: (txId: number, key: string) => boolean;
  release: (txId: number) => void;
}

const tick = () => new Promise<void>((r) => setImmediate(r));

/**
 * The interleaving store's queue. Each claim is a transaction of its own that yields between
 * its statements, so two claims run together; it takes a job as PostgreSQL's
 * `... LIMIT 1 FOR UPDATE SKIP LOCKED` does: a row another claim holds is skipped, and a row
 * is taken only if it is still queued once locked.
 */
export function interleavingQueue(d: QueueDeps): Queue {
  return {
    async claim(kinds) {
      const txId = d.newTx();
      const step = async () => (await tick(), d.trace.push(txId));
      const ready = (j: StoredJob) => j.status === 'queued' && kinds.includes(j.kind) && j.runAfter <= d.now();
      try {
        for (const job of d.jobs) {
          if (!ready(job)) continue;
          await step(); // the candidate is chosen here; another claim may choose it too
          if (!d.tryLock(txId, `job:${job.id}`) || !ready(job)) continue; // held by another claim, or taken since
          await step();
          Object.assign(job, { status: 'running', attempts: job.attempts + 1 }); // committed with the claim
          return { id: job.id, kind: job.kind, payload: job.payload, attempts: job.attempts };
        }
        return undefined;
      } finally {
        d.release(txId);
      }
    },
    async recover() {
      const running = d.jobs.filter((j) => j.status === 'running');
      running.forEach((j) => (j.status = 'queued'));
      return running.length;
    },
    counts: async () => d.jobs.reduce<Record<string, number>>((n, j) => ({ ...n, [j.status]: (n[j.status] ?? 0) + 1 }), {}),
    onEnqueued(listener) {
      d.listeners.push(listener);
      return () => void (d.listeners.includes(listener) && d.listeners.splice(d.listeners.indexOf(listener), 1));
    },
  };
}
