import type { Worker } from 'tesseract.js';
import { buildPdf } from '../src/digitise/build-pdf';
import { createOcrEngine } from '../src/digitise/ocr';
import { boundPdfLibStructureStreams } from '../src/digitise/pdf-streams';
import { processPage } from '../src/digitise/pipeline';
import { splitInput } from '../src/digitise/split';
import type { OcrModel } from '../src/digitise/tessdata';
import { serialiseError, type WorkerReply, type WorkerTask } from '../src/digitise/worker-protocol';

/**
 * Piscina worker: one OCR engine per thread, languages loaded once and reused for every page.
 * An engine that failed mid-page is thrown away, so a poisoned page cannot spoil the next one.
 */
let engine: { key: string; worker: Promise<Worker> } | undefined;
boundPdfLibStructureStreams();

function engineFor(model: OcrModel): Promise<Worker> {
  const key = `${model.lang} ${model.tessdataDir ?? 'npm'}`;
  if (engine?.key !== key) {
    void engine?.worker.then((w) => w.terminate()).catch(() => undefined);
    engine = { key, worker: createOcrEngine(model) };
  }
  return engine.worker;
}

function discardEngine(): void {
  void engine?.worker.then((w) => w.terminate()).catch(() => undefined);
  engine = undefined;
}

export default async function run(task: WorkerTask): Promise<WorkerReply> {
  try {
    if (task.type === 'split') return { ok: true, jobs: await splitInput(task.bytes, task.source) };
    if (task.type === 'build') {
      const pdf = await buildPdf(task.pages, task.options);
      return { ok: true, pdf };
    }
    const page = await processPage(task.job, () => engineFor(task.model));
    return { ok: true, page };
  } catch (e) {
    if (task.type === 'page' && !(e as { code?: string })?.code) discardEngine();
    return { ok: false, error: serialiseError(e) };
  }
}
