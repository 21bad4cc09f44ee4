import { appendEntry } from '../audit/audit-log';
import type { Job, Queue } from '../jobs/ports';
import { startWorker } from '../jobs/worker';
import type { BlobStore } from '../storage/blob-store';
import type { DossierEvents } from './events';
import type { DigitisationQueue } from './ports';
import type { DocumentRecord } from './records';
import type { DocumentPatch, UnitOfWork } from './store';

/** What turns an uploaded document into a searchable PDF (src/digitise implements it). */
export interface DocumentDigitiser {
  digitise(
    input: { bytes: Uint8Array; mime: string; name: string },
    onProgress: (pagesDone: number, pageCount: number) => void,
  ): Promise<{ pdf: Uint8Array; pageTexts: string[] }>;
}

export const DIGITISE_JOB = 'digitise-document';

/**
 * A job taken this many times never finished: each time the process stopped while it ran (a
 * file that exhausts memory, say). It fails for good, or it would stop every restart too.
 */
export const MAX_ATTEMPTS = 3;

/** The reception side: a document's digitisation is a job committed with the document. */
export function digitisationQueue(): DigitisationQueue {
  return { enqueue: async (tx, documentId) => void (await tx.jobs.enqueue(DIGITISE_JOB, { documentId })) };
}

export interface RunnerDeps {
  uow: UnitOfWork;
  queue: Queue;
  blobs: BlobStore;
  digitiser: DocumentDigitiser;
  events: DossierEvents;
  /** How many documents at once (each may use the worker pool for its pages). */
  concurrency: number;
  now?: () => number;
  log?: (obj: object, msg: string) => void;
}

/**
 * Takes digitisation jobs from the persistent queue and runs them: statuses go
 * queued → processing (pages done) → done | failed, each change published as an event. A
 * document that fails (broken image, poisoned page) fails alone with its error; the runner goes
 * on. Every write is a unit of work through the ports, so the runner runs the same on any adapter.
 */
export async function startDigitisationRunner(deps: RunnerDeps) {
  // Before the first claim: a job claimed and then "recovered" would be run twice.
  const recovered = await deps.queue.recover();
  const worker = startWorker({ queue: deps.queue, kinds: [DIGITISE_JOB], concurrency: deps.concurrency, run: digitisationJob(deps), log: deps.log });
  return Object.assign(worker, { recovered });
}

export type DigitisationRunner = Awaited<ReturnType<typeof startDigitisationRunner>>;

/** Runs one claimed digitisation job to its recorded end: the document done or failed, and the job with it. */
function digitisationJob(deps: RunnerDeps) {
  const now = deps.now ?? Date.now;
  const { uow } = deps;
  const publish = (doc: DocumentRecord | undefined) =>
    doc && deps.events.publish({ type: 'document', dossierCode: doc.dossierCode, data: { id: doc.id, status: doc.status, pagesDone: doc.pagesDone, pageCount: doc.pageCount, error: doc.error } });
  const setDoc = async (id: string, patch: DocumentPatch) => publish(await uow.run((tx) => tx.documents.update(id, patch)));
  /** The job fails for good and its document says why, in one commit: never a job failed under a document still 'processing'. */
  const failFor = async (jobId: number, documentId: string, message: string) =>
    publish(await uow.run(async (tx) => (await tx.jobs.fail(jobId, message), tx.documents.update(documentId, { status: 'failed', error: message }))));

  return async function runOne(job: Job): Promise<void> {
    const { documentId } = job.payload as { documentId: string };
    const doc = await uow.read((r) => r.documents.find(documentId));
    if (!doc) return uow.run((tx) => tx.jobs.fail(job.id, `document ${documentId} no longer exists`));
    // Already recorded as digitised (a job done twice would index and audit its pages twice).
    if (doc.status === 'done' && doc.pdfBlob) return uow.run((tx) => tx.jobs.complete(job.id));
    if (job.attempts > MAX_ATTEMPTS) return failFor(job.id, documentId, `gave up after ${MAX_ATTEMPTS} attempts: the service stopped each time while digitising this file`);
    await setDoc(documentId, { status: 'processing', pagesDone: 0, error: null });
    const progress = inOrder();
    try {
      const bytes = await deps.blobs.get(doc.sourceBlob);
      const out = await deps.digitiser.digitise({ bytes, mime: doc.mime, name: doc.name }, (pagesDone, pageCount) => progress.add(() => setDoc(documentId, { pagesDone, pageCount })));
      await progress.flush();
      const pdfBlob = await deps.blobs.put(out.pdf);
      const pages = out.pageTexts.length;
      // The pages, the audit entry, the document and the job commit together: stopped before the
      // commit, the job runs again from scratch; after it, nothing is left to run.
      const done = await uow.run(async (tx) => {
        await tx.pages.replace(documentId, out.pageTexts);
        await appendEntry(tx.audit, { action: 'document.digitised', dossierCode: doc.dossierCode, detail: { documentId, pages, pdfBlob } }, now());
        await tx.jobs.complete(job.id);
        const updated = await tx.documents.update(documentId, { status: 'done', pdfBlob, pageCount: pages, pagesDone: pages });
        if (!updated) throw new Error(`document ${documentId} no longer exists`);
        return updated;
      });
      publish(done);
    } catch (e) {
      const message = (e as Error).message ?? String(e);
      deps.log?.({ documentId, err: message }, 'digitisation failed');
      await progress.flush().catch(() => undefined); // its last 'processing' event before the 'failed' one
      await failFor(job.id, documentId, message);
    }
  };
}

/**
 * Progress is reported synchronously, page by page, but written in units of work: they run one
 * after the other in the order reported; `flush` waits for them and throws the first failure.
 */
function inOrder() {
  let chain: Promise<void> = Promise.resolve();
  let failure: unknown;
  return {
    add(write: () => Promise<unknown>) {
      chain = chain.then(async () => void (failure === undefined && (await write()))).catch((e) => void (failure ??= e));
    },
    async flush() {
      await chain;
      if (failure !== undefined) throw failure;
    },
  };
}
