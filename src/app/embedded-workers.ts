import { createDigitisePool, createDocumentDigitiser } from '../digitise';
import { startDigitisationRunner, type RunnerDeps } from '../dossiers/digitisation';

export interface DigitiseSettings {
  threads?: number;
  lang?: string;
  /** Other traineddata (e.g. Debian's tessdata_fast) instead of the npm model. */
  tessdataDir?: string;
}

/**
 * The OCR worker pool and the runner feeding it from the queue. As many documents at once as
 * threads: single-page scans (the usual upload) then keep every thread busy, and a multi-page
 * document spreads its pages over the threads the others leave free.
 */
export async function startDigitising(settings: DigitiseSettings, deps: Omit<RunnerDeps, 'digitiser' | 'concurrency'>) {
  // Threads loaded once the server answers (a second on), or at once when jobs are waiting.
  const pool = createDigitisePool({ threads: settings.threads, warmAfterMs: 1000 });
  const digitiser = createDocumentDigitiser({ pool, lang: settings.lang, tessdataDir: settings.tessdataDir });
  const runner = await startDigitisationRunner({ ...deps, digitiser, concurrency: pool.threads }).catch(async (e) => {
    await pool.destroy(); // no threads left behind by a start that failed
    throw e;
  });
  return {
    threads: pool.threads,
    runner,
    async stop() {
      await runner.stop();
      await pool.destroy();
    },
  };
}
