import { eq } from 'drizzle-orm';
import { appendAudit } from '../db/sqlite/audit';
import type { Db, DbOrTx } from '../db/client';
import { documents } from '../db/schema';
import type { Queue } from '../jobs/queue';
import { indexDocumentPages } from '../search/page-index';
import type { BlobStore } from '../storage/blob-store';
import type { DossierEvents } from './events';
import type { DigitisationQueue } from './ports';

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
  db: Db;
  blobs: BlobStore;
  queue: Queue;
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
 * document that fails (broken image, poisoned page) fails alone with its error; the runner goes on.
 */
export function startDigitisationRunner(deps: RunnerDeps) {
  const now = deps.now ?? Date.now;
  let running = 0;
  let stopped = false;
  let wake: (() => void) | undefined;
  const recovered = deps.queue.recover();

  const setDoc = (id: string, patch: Partial<typeof documents.$inferSelect>, tx: DbOrTx = deps.db) => tx.update(documents).set(patch).where(eq(documents.id, id)).returning().get();
  const publish = (doc: typeof documents.$inferSelect) =>
    deps.events.publish({ type: 'document', dossierCode: doc.dossierCode, data: { id: doc.id, status: doc.status, pagesDone: doc.pagesDone, pageCount: doc.pageCount, error: doc.error } });
  /** The job fails for good and its document says why, in one commit: never a job failed under a document still 'processing'. */
  const failFor = (jobId: number, documentId: string, message: string) =>
    publish(deps.db.transaction((tx) => (deps.queue.fail(jobId, message, undefined, tx), setDoc(documentId, { status: 'failed', error: message }, tx)!)));

  async function runOne(jobId: number, documentId: string, attempts: number): Promise<void> {
    const doc = deps.db.select().from(documents).where(eq(documents.id, documentId)).get();
    if (!doc) return deps.queue.fail(jobId, `document ${documentId} no longer exists`);
    // Already recorded as digitised (a job done twice would index and audit its pages twice).
    if (doc.status === 'done' && doc.pdfBlob) return deps.queue.complete(jobId);
    if (attempts > MAX_ATTEMPTS) return failFor(jobId, documentId, `gave up after ${MAX_ATTEMPTS} attempts: the service stopped each time while digitising this file`);
    publish(setDoc(documentId, { status: 'processing', pagesDone: 0, error: null })!);
    try {
      const bytes = await deps.blobs.get(doc.sourceBlob);
      const out = await deps.digitiser.digitise({ bytes, mime: doc.mime, name: doc.name }, (pagesDone, pageCount) => publish(setDoc(documentId, { pagesDone, pageCount })!));
      const pdfBlob = await deps.blobs.put(out.pdf);
      // The pages, the audit entry, the document and the job commit together: killed before the
      // commit, the job runs again from scratch; after it, nothing is left to run.
      const done = deps.db.transaction((tx) => {
        indexDocumentPages(tx, documentId, out.pageTexts);
        appendAudit(tx, { action: 'document.digitised', dossierCode: doc.dossierCode, detail: { documentId, pages: out.pageTexts.length, pdfBlob } }, now());
        deps.queue.complete(jobId, tx);
        return tx.update(documents).set({ status: 'done', pdfBlob, pageCount: out.pageTexts.length, pagesDone: out.pageTexts.length }).where(eq(documents.id, documentId)).returning().get()!;
      });
      publish(done);
    } catch (e) {
      const message = (e as Error).message ?? String(e);
      deps.log?.({ documentId, err: message }, 'digitisation failed');
      failFor(jobId, documentId, message);
    }
  }

  async function loop(): Promise<void> {
    while (!stopped) {
      const job = running < deps.concurrency ? deps.queue.claim([DIGITISE_JOB]) : undefined;
      if (!job) {
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 500).unref?.();
        });
        continue;
      }
      running++;
      void runOne(job.id, (job.payload as { documentId: string }).documentId, job.attempts)
        .catch((e) => deps.log?.({ jobId: job.id, err: (e as Error).message }, 'digitisation job could not be recorded'))
        .finally(() => {
          running--;
          wake?.();
        });
    }
  }
  // Work starts as soon as a reception or supplement commits, not at the next poll.
  const unsubscribe = deps.queue.onEnqueued((kind) => kind === DIGITISE_JOB && wake?.());
  let alive = true;
  const done = loop()
    .catch((e) => deps.log?.({ err: (e as Error).message }, 'digitisation runner stopped on an error'))
    .finally(() => {
      alive = false;
      unsubscribe();
    });

  return {
    recovered,
    /** True while jobs are being taken: false once stopped, or if the loop died (the health check says so). */
    get running(): boolean {
      return alive && !stopped;
    },
    /** Call after enqueuing, so work starts without waiting for the poll. */
    nudge: () => wake?.(),
    /** Resolves when no job is queued or running (tests and the CLI use it). */
    async idle(): Promise<void> {
      while (running > 0 || (deps.queue.counts().queued ?? 0) > 0) await new Promise((r) => setTimeout(r, 50));
    },
    async stop(): Promise<void> {
      stopped = true;
      wake?.();
      await done;
      while (running > 0) await new Promise((r) => setTimeout(r, 50));
    },
  };
}

export type DigitisationRunner = ReturnType<typeof startDigitisationRunner>;
