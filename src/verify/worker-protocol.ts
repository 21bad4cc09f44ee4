import { InvalidInputError, PayloadTooLargeError, type TaichoError, UnprocessableError, isTaichoError } from '../shared/errors';
import type { VerificationReport, VerifyLimits } from './types';

/** Messages between the verify pool and workers/verify-worker.ts (structured-cloned). */
export interface VerifyTask {
  bytes: Uint8Array;
  /** Folder of trust anchors and `*.crl` files (read once per thread, again when it changes). */
  trustDir: string;
  /** Further CRLs, e.g. the running development PKI's. */
  crls: Uint8Array[];
  limits: VerifyLimits;
  /** The verification time, ISO-8601 (default: the current time), e.g. to ask "still valid in 2040?". */
  now?: string;
}

export type VerifyReply =
  | { ok: true; report: VerificationReport }
  | { ok: false; error: { name: string; code: string; message: string; details?: unknown } };

/** Error classes do not survive postMessage: verifyPdf's own errors are sent as data and rebuilt. */
export function serialiseVerifyError(e: unknown): VerifyReply & { ok: false } {
  if (isTaichoError(e)) return { ok: false, error: { name: e.name, code: e.code, message: e.message, details: e.details } };
  return { ok: false, error: { name: 'Error', code: 'verify_failed', message: (e as Error)?.message ?? String(e) } };
}

const CLASSES: Record<string, new (code: string, message: string, details?: unknown) => TaichoError> = {
  InvalidInputError,
  PayloadTooLargeError,
  UnprocessableError,
};

export function reviveVerifyError(e: (VerifyReply & { ok: false })['error']): TaichoError {
  return new (CLASSES[e.name] ?? UnprocessableError)(e.code, e.message, e.details);
}
