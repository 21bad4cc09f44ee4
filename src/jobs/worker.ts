import type { Job, Queue } from './ports';

export interface WorkerOptions {
  queue: Queue;
  /** The kinds of job this worker takes. */
  kinds: readonly string[];
  /** How many jobs at once. */
  concurrency: number;
  /** Runs one claimed job: it records the job's outcome (JobsTx.complete / fail) with the job's effects. */
  run(job: Job): Promise<void>;
  /** How often to look for jobs no announcement told of (enqueued by another process, or due after a retry delay). */
  pollMs?: number;
  log?: (obj: object, msg: string) => void;
}

/**
 * Takes jobs from a queue and runs them, up to `concurrency` at once. It claims through the
 * port only, so several workers (in this process or on other machines) may share the queue: the
 * claim hands each job to one of them. Work starts as soon as a job's transaction commits
 * (`onEnqueued`), else at the next poll.
 */
export function startWorker(o: WorkerOptions) {
  let running = 0;
  let stopped = false;
  // Set by an announcement or a finished job: the claim is async, and one that arrives while it
  // is under way must not be lost by waiting for the poll afterwards.
  let signalled = false;
  let wake: (() => void) | undefined;
  const signal = () => {
    signalled = true;
    wake?.();
  };

  async function loop(): Promise<void> {
    while (!stopped) {
      signalled = false;
      const job = running < o.concurrency ? await o.queue.claim(o.kinds) : undefined;
      if (!job) {
        if (!signalled && !stopped) await new Promise<void>((r) => ((wake = r), setTimeout(r, o.pollMs ?? 500).unref?.()));
        continue;
      }
      running++;
      void o
        .run(job)
        .catch((e) => o.log?.({ jobId: job.id, err: (e as Error).message }, 'job could not be recorded'))
        .finally(() => {
          running--;
          signal();
        });
    }
  }
  const unsubscribe = o.queue.onEnqueued((kind) => o.kinds.includes(kind) && signal());
  let alive = true;
  const done = loop()
    .catch((e) => o.log?.({ err: (e as Error).message }, 'job worker stopped on an error'))
    .finally(() => {
      alive = false;
      unsubscribe();
    });
  const settle = async () => {
    while (running > 0) await new Promise((r) => setTimeout(r, 50));
  };

  return {
    /** True while jobs are being taken: false once stopped, or if the loop died (the health check says so). */
    get running(): boolean {
      return alive && !stopped;
    },
    /** Look for work now, without waiting for the poll. */
    nudge: signal,
    /** Resolves when no job is queued or running (tests and the CLI use it). */
    async idle(): Promise<void> {
      while (running > 0 || ((await o.queue.counts()).queued ?? 0) > 0) await new Promise((r) => setTimeout(r, 50));
    },
    /** Stops taking jobs and waits for those running to finish. */
    async stop(): Promise<void> {
      stopped = true;
      wake?.();
      await done;
      await settle();
    },
  };
}
