import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { UnprocessableError } from '../shared/errors';
import type { BuildOptions } from './build-pdf';
import type { PageJob } from './page-job';
import type { ProcessedPage } from './types';
import { reviveError, type WorkerReply, type WorkerTask } from './worker-protocol';

const WORKER_FILE = new URL('../../workers/ocr-worker.mjs', import.meta.url).href;

/** The digitisation worker pool: page work and PDF assembly never run on the caller's thread. */
export interface DigitisePool {
  readonly threads: number;
  processPage(job: PageJob, lang: string, signal?: AbortSignal): Promise<ProcessedPage>;
  buildPdf(pages: ProcessedPage[], options: BuildOptions): Promise<Uint8Array>;
  destroy(): Promise<void>;
}

/** One thread per core by default: OCR is CPU-bound and each thread holds its own engine. */
export function createDigitisePool(options: { threads?: number } = {}): DigitisePool {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const piscina = new Piscina<WorkerTask, WorkerReply>({
    filename: WORKER_FILE,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
  });

  async function run(task: WorkerTask, source: string, signal?: AbortSignal): Promise<WorkerReply & { ok: true }> {
    let reply: WorkerReply;
    try {
      reply = await piscina.run(task, { signal });
    } catch (e) {
      // The thread itself died (crash, out of memory) or the task was aborted: piscina has
      // already replaced the thread; only this document fails.
      throw new UnprocessableError('page_failed', `${source}: processing failed (${(e as Error).message})`);
    }
    if (!reply.ok) throw reviveError(reply.error);
    return reply;
  }

  return {
    threads,
    async processPage(job, lang, signal) {
      const reply = await run({ type: 'page', job, lang }, job.source, signal);
      return reply.page as ProcessedPage;
    },
    async buildPdf(pages, buildOptions) {
      const reply = await run({ type: 'build', pages, options: buildOptions }, buildOptions.title);
      return reply.pdf as Uint8Array;
    },
    destroy: () => piscina.destroy(),
  };
}
