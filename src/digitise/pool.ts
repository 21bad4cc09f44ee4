import { availableParallelism } from 'node:os';
import { UnprocessableError } from '../shared/errors';
import { lazyPiscina } from '../shared/lazy-piscina';
import { workerFile } from '../shared/worker-file';
import type { BuildOptions } from './build-pdf';
import { TASK_TIMEOUT_MS, WORKER_HEAP_MB } from './limits';
import type { PageJob } from './page-job';
import type { OcrModel } from './tessdata';
import type { ProcessedPage } from './types';
import { reviveError, type WorkerReply, type WorkerTask } from './worker-protocol';

const WORKER_FILE = workerFile('ocr-worker');

/**
 * The digitisation worker pool: splitting files into pages, page work and PDF assembly never
 * run on the caller's thread, so a hostile file cannot stall the server's event loop.
 */
export interface DigitisePool {
  readonly threads: number;
  /** One file → its page jobs (sniffed, counted, checked against the limits). */
  split(bytes: Uint8Array, source: string, signal?: AbortSignal): Promise<PageJob[]>;
  processPage(job: PageJob, model: OcrModel, signal?: AbortSignal): Promise<ProcessedPage>;
  buildPdf(pages: ProcessedPage[], options: BuildOptions): Promise<Uint8Array>;
  destroy(): Promise<void>;
}

export interface PoolOptions {
  /** Worker threads; one per core by default: OCR is CPU-bound and each thread holds its own engine. */
  threads?: number;
  /** Each worker's JS heap, MiB: past it the worker stops (its task fails), not the server. */
  heapMb?: number;
  /** Per-task time limits (ms); a task over its limit has its thread terminated. */
  timeouts?: Partial<Record<keyof typeof TASK_TIMEOUT_MS, number>>;
  /**
   * The threads start at the first task, or this long after the pool is made if none came
   * before (a server: its threads ready for the first upload, yet not loading their modules on
   * the cores the start-up itself needs). Unset: at the first task only.
   */
  warmAfterMs?: number;
}

export function createDigitisePool(options: PoolOptions = {}): DigitisePool {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const timeouts = { ...TASK_TIMEOUT_MS, ...options.timeouts };
  const piscina = lazyPiscina<WorkerTask, WorkerReply>({
    filename: WORKER_FILE,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
    resourceLimits: { maxOldGenerationSizeMb: options.heapMb ?? WORKER_HEAP_MB },
  });
  const warm = options.warmAfterMs === undefined ? undefined : setTimeout(() => void piscina.get(), options.warmAfterMs).unref();

  async function run(task: WorkerTask, source: string, signal?: AbortSignal): Promise<WorkerReply & { ok: true }> {
    const limit = timeouts[task.type];
    const timeout = AbortSignal.timeout(limit);
    let reply: WorkerReply;
    try {
      reply = await (await piscina.get()).run(task, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    } catch (e) {
      // piscina has already replaced a thread that died or was terminated; only this document fails.
      throw workerStopped(e as Error, source, timeout.aborted && !signal?.aborted ? limit : undefined);
    }
    if (!reply.ok) throw reviveError(reply.error);
    return reply;
  }

  return {
    threads,
    async split(bytes, source, signal) {
      return (await run({ type: 'split', bytes, source }, source, signal)).jobs!;
    },
    async processPage(job, model, signal) {
      return (await run({ type: 'page', job, model }, job.source, signal)).page!;
    },
    async buildPdf(pages, buildOptions) {
      return (await run({ type: 'build', pages, options: buildOptions }, buildOptions.title)).pdf!;
    },
    destroy() {
      clearTimeout(warm);
      return piscina.destroy();
    },
  };
}

/** Why a task got no reply: over its time limit, out of memory, or the thread crashed. */
function workerStopped(e: Error, source: string, timedOutAfterMs?: number): UnprocessableError {
  if (timedOutAfterMs !== undefined) {
    return new UnprocessableError('digitise_timeout', `${source}: processing took longer than ${timedOutAfterMs / 1000} s and was stopped`);
  }
  if ((e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new UnprocessableError('digitise_out_of_memory', `${source}: processing needed more than the worker's memory limit and was stopped (${e.message})`);
  }
  return new UnprocessableError('page_failed', `${source}: processing failed, the worker stopped (${e.message})`);
}
