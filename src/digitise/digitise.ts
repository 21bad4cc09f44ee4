import { InvalidInputError, PayloadTooLargeError } from '../shared/errors';
import { MAX_PAGES } from './limits';
import { parseLangs } from './langs';
import type { PageJob } from './page-job';
import type { DigitisePool } from './pool';
import type { PageProgress, ProcessedPage, StageTimings } from './types';

export interface DigitiseInput {
  bytes: Uint8Array;
  /** File name, used in messages only (the format is sniffed from the bytes). */
  name: string;
}

export interface DigitiseOptions {
  pool: DigitisePool;
  lang?: string;
  /** A folder of `<lang>.traineddata` to read instead of the npm model (TAICHO_TESSDATA_DIR). */
  tessdataDir?: string;
  title?: string;
  /** Called as each page finishes (in completion order); the server maps it to `processing`. */
  onProgress?: (progress: PageProgress) => void;
  date?: Date;
}

export interface PageSummary {
  source: string;
  /** NFC text of the page for the search index: OCR'd, or the page's own text for born-digital PDF pages. */
  text: string;
  confidence: number;
  rotation: number;
  skew: number;
  hasColour: boolean;
  timings: StageTimings;
}

export interface DigitiseResult {
  pdf: Uint8Array;
  pages: PageSummary[];
}

/**
 * One document: all inputs, in order, become the pages of one searchable PDF/A. Pages run in
 * parallel on the pool; the first failing page fails the document (the others are aborted)
 * with an error naming that page, and the pool carries on with other documents.
 */
export async function digitise(inputs: DigitiseInput[], options: DigitiseOptions): Promise<DigitiseResult> {
  if (inputs.length === 0) throw new InvalidInputError('no_input', 'no input files');
  const model = { lang: parseLangs(options.lang ?? 'vie+eng').join('+'), tessdataDir: options.tessdataDir };
  const jobs: PageJob[] = [];
  for (const input of inputs) jobs.push(...(await options.pool.split(input.bytes, input.name)));
  if (jobs.length === 0) throw new InvalidInputError('no_pages', 'the inputs contain no pages');
  if (jobs.length > MAX_PAGES) throw new PayloadTooLargeError('too_many_pages', `the inputs have ${jobs.length} pages; at most ${MAX_PAGES} pages per document`);

  const abort = new AbortController();
  let done = 0;
  const pages = await Promise.all(
    jobs.map(async (job) => {
      try {
        const page = await options.pool.processPage(job, model, abort.signal);
        options.onProgress?.({ pagesDone: ++done, pagesTotal: jobs.length, source: job.source });
        return page;
      } catch (e) {
        abort.abort();
        throw e;
      }
    }),
  );
  const t0 = performance.now();
  const pdf = await options.pool.buildPdf(pages, { title: options.title ?? inputs[0].name, date: options.date });
  const pdfMs = (performance.now() - t0) / pages.length;
  return { pdf, pages: pages.map((p) => summarise(p, pdfMs)) };
}

function summarise(p: ProcessedPage, pdfMs: number): PageSummary {
  const timings = { ...p.timings, pdf: pdfMs };
  if (p.kind === 'pdf-text') {
    return { source: p.source, text: p.text, confidence: 100, rotation: 0, skew: 0, hasColour: false, timings };
  }
  return {
    source: p.source,
    text: p.ocr.text,
    confidence: p.ocr.confidence,
    rotation: p.page.rotation,
    skew: p.page.skew,
    hasColour: p.page.hasColour,
    timings,
  };
}
