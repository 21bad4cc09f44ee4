import { type TaichoError, TooManyRequestsError, UnprocessableError } from '../shared/errors';
import { lazyPiscina } from '../shared/lazy-piscina';
import { workerFile } from '../shared/worker-file';
import { deepFreeze, type VerificationReport } from './types';
import { notVerifiable } from './not-verifiable';
import { reviveVerifyError, type VerifyReply, type VerifyTask } from './worker-protocol';

const WORKER_FILE = workerFile('verify-worker');

export interface VerifyPoolOptions {
  /** Verifications at once (default 2: the request thread and the OCR threads share the cores). */
  threads?: number;
  /** Wall-clock budget of one verification, waiting included; past it the thread is terminated. */
  timeMs?: number;
  /** Heap of a verifying thread; past it the thread dies and the answer is "too large". */
  memoryMb?: number;
  /** Verifications waiting for a thread before further ones are refused (429). */
  maxQueue?: number;
}

export const DEFAULT_VERIFY_POOL = { threads: 2, timeMs: 20_000, memoryMb: 512, maxQueue: 16 };

export interface VerifyPool {
  verify(task: VerifyTask): Promise<VerificationReport>;
  destroy(): Promise<void>;
}

/**
 * Verification in worker threads (security review, issue 12): parsing a hostile PDF must not
 * hold the HTTP thread, and a document the parser's caps miss is stopped by a time and a
 * memory budget that end only its own thread. Past either, the answer is `not_verifiable`
 * (422, details.reason too_slow / too_large), the same error verifyPdf itself throws.
 * Threads start on first use: most instances never verify, and a thread costs a module load.
 */
export function createVerifyPool(options: VerifyPoolOptions = {}): VerifyPool {
  const o = { ...DEFAULT_VERIFY_POOL, ...options };
  const pool = lazyPiscina<VerifyTask, VerifyReply>({
    filename: WORKER_FILE,
    minThreads: 0,
    maxThreads: o.threads,
    maxQueue: o.maxQueue,
    idleTimeout: 60_000,
    resourceLimits: { maxOldGenerationSizeMb: o.memoryMb },
  });

  return {
    async verify(task) {
      // A copy the thread can own: the upload may be a view into a larger buffer, and
      // cloning a view copies its whole buffer.
      const bytes = task.bytes.slice();
      const limits = { ...task.limits, timeMs: Math.min(task.limits.timeMs, o.timeMs) };
      const signal = AbortSignal.timeout(limits.timeMs);
      let reply: VerifyReply;
      try {
        reply = await (await pool.get()).run({ ...task, bytes, limits }, { signal, transferList: [bytes.buffer] as never }); // piscina's TransferList type misreads ArrayBuffer
      } catch (e) {
        throw poolFailure(e, limits.timeMs, o.memoryMb);
      }
      if (!reply.ok) throw reviveVerifyError(reply.error);
      return deepFreeze(reply.report);
    },
    destroy: () => pool.destroy(),
  };
}

/** Why the thread gave no reply, as the error the caller reports. */
function poolFailure(e: unknown, timeMs: number, memoryMb: number): TaichoError {
  const err = e as { name?: string; code?: string; message?: string };
  if (err.name === 'AbortError') return notVerifiable('too_slow', `verification did not finish within ${timeMs / 1000} s: the document is too complex to verify`);
  if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') return notVerifiable('too_large', `verification needed more than ${memoryMb} MB of memory: the document is too large to verify`);
  if (err.message === 'Task queue is at limit') return new TooManyRequestsError('verifier_busy', 'too many verifications are waiting; try again shortly');
  return new UnprocessableError('not_verifiable', `verification failed: ${err.message ?? String(e)}`, { reason: 'failed' });
}
