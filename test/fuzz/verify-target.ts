import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isTaichoError } from '../../src/shared/errors';
import { verifyPdf } from '../../src/verify';

/** ../shared/corpus/pdf: the peers' signed PDFs (EU DSS, pyHanko), seeds of the mutations. */
export const CORPUS_PDF_DIR = path.resolve(import.meta.dirname, '../../../shared/corpus/pdf');

/** The corpus files of at most `maxBytes` each (the fixed slice keeps to the small ones: speed). */
export function corpusSeeds(maxBytes = Infinity): { name: string; bytes: Uint8Array }[] {
  return readdirSync(CORPUS_PDF_DIR)
    .filter((f) => f.endsWith('.pdf'))
    .sort()
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(path.join(CORPUS_PDF_DIR, name))) }))
    .filter((s) => s.bytes.length <= maxBytes);
}

export type VerifyOutcome = { kind: 'verdict'; valid: boolean } | { kind: 'refused'; status: number; code: string };

/**
 * The property of the verifier for one input: a report, or a TaichoError with a 4xx status,
 * within `timeMs` of wall-clock time (its own budget is set to half of that, so a time-out
 * is a 422 too_slow, not a hang). Anything else (a TypeError, a RangeError, a 5xx, too slow)
 * throws, with what was seen.
 */
export function verifyOnce(bytes: Uint8Array, anchors: Uint8Array[], timeMs: number): VerifyOutcome {
  const start = performance.now();
  let outcome: VerifyOutcome;
  try {
    const r = verifyPdf(bytes, { trustAnchors: anchors, limits: { timeMs: timeMs / 2 } });
    outcome = { kind: 'verdict', valid: r.valid };
  } catch (e) {
    if (!isTaichoError(e) || e.httpStatus < 400 || e.httpStatus >= 500) throw new Error(`crash: ${(e as Error)?.stack ?? String(e)}`);
    outcome = { kind: 'refused', status: e.httpStatus, code: e.code };
  }
  const ms = performance.now() - start;
  if (ms > timeMs) throw new Error(`too slow: ${Math.round(ms)} ms (bound ${timeMs} ms), outcome ${JSON.stringify(outcome)}`);
  return outcome;
}
