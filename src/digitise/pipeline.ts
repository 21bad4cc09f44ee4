import type { Worker } from 'tesseract.js';
import { decode } from './decode';
import { normalise } from './normalise';
import { ocr } from './ocr';
import type { PageJob } from './page-job';
import { pdfPageText } from './pdf-text';
import type { ProcessedPage } from './types';

/**
 * One page through the stages, in order (OCRmyPDF's model: plain functions, concurrency
 * outside). Runs inside a worker thread with that thread's OCR engine, asked for only once the
 * page has decoded: a file that cannot be read fails without waiting for an engine to load.
 * The engine is asked for before normalising, not after: on a thread's first page it starts
 * (its own thread: wasm, model) while this thread cleans the page, off the page's critical path.
 */
export async function processPage(job: PageJob, engine: () => Promise<Worker>): Promise<ProcessedPage> {
  const input = job.input;
  if (input.type === 'pdf-text') {
    const t = performance.now();
    const text = await pdfPageText(input.pdf, input.pageIndex);
    return { kind: 'pdf-text', source: job.source, pdf: input.pdf, pageIndex: input.pageIndex, text, timings: { decode: performance.now() - t, normalise: 0, ocr: 0 } };
  }
  const t0 = performance.now();
  const raster = await decode(job);
  const t1 = performance.now();
  const starting = engine();
  // A page that fails to normalise leaves the engine to the thread's next page, not unhandled.
  starting.catch(() => undefined);
  const page = await normalise(raster);
  const t2 = performance.now();
  const ocrEngine = await starting;
  const result = await ocr(ocrEngine, { pgm: page.ocrImage, width: page.width, height: page.height });
  const t3 = performance.now();
  return {
    kind: 'ocr',
    source: job.source,
    page: { ...page, ocrImage: new Uint8Array(0) }, // not needed after OCR: don't copy it back
    ocr: result,
    // ocr includes any wait for the engine still starting: normalise is the clean-up alone.
    timings: { decode: t1 - t0, normalise: t2 - t1, ocr: t3 - t2 },
  };
}
