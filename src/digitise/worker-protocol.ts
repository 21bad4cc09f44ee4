import {
  InvalidInputError,
  NotImplementedError,
  PayloadTooLargeError,
  type TaichoError,
  UnprocessableError,
  UnsupportedMediaError,
  isTaichoError,
} from '../shared/errors';
import type { BuildOptions } from './build-pdf';
import type { PageJob } from './page-job';
import type { OcrModel } from './tessdata';
import type { ProcessedPage } from './types';

/** Messages between the pool and workers/ocr-worker.ts (structured-cloned). */
export type WorkerTask =
  | { type: 'split'; bytes: Uint8Array; source: string }
  | { type: 'page'; job: PageJob; model: OcrModel }
  | { type: 'build'; pages: ProcessedPage[]; options: BuildOptions };

export type WorkerReply =
  | { ok: true; jobs?: PageJob[]; page?: ProcessedPage; pdf?: Uint8Array }
  | { ok: false; error: SerialisedError };

/** Error classes do not survive postMessage: send name/code/message and rebuild on this side. */
export interface SerialisedError { name: string; code: string; message: string }

export function serialiseError(e: unknown): SerialisedError {
  if (isTaichoError(e)) return { name: e.name, code: e.code, message: e.message };
  return { name: 'Error', code: 'page_failed', message: (e as Error)?.message ?? String(e) };
}

const CLASSES: Record<string, new (code: string, message: string) => TaichoError> = {
  InvalidInputError,
  UnsupportedMediaError,
  UnprocessableError,
  NotImplementedError,
  PayloadTooLargeError,
};

export function reviveError(e: SerialisedError): TaichoError {
  const Cls = CLASSES[e.name] ?? UnprocessableError;
  return new Cls(e.code, e.message);
}
