import { isTaichoError } from '../shared/errors';
import type { VerificationReport, VerifyLimits } from './types';
import { verifyPdf } from './verify-pdf';

/**
 * The verdict in the corpus manifest's terms (integrity / modified after signing / overall),
 * where trust is out of scope: "valid-integrity" means every signature is intact and CMS-valid
 * and nothing disallowed follows any of them. Shared by scripts/corpus.ts and the tests.
 */
export interface CorpusVerdict {
  integrity: 'ok' | 'broken' | 'n/a' | 'crash';
  modified: 'yes' | 'no' | 'unknown' | 'crash';
  overall: 'valid-integrity' | 'invalid' | 'error' | 'crash';
  note?: string;
}

export function verdictOf(r: VerificationReport): CorpusVerdict {
  if (!r.signatures.length) return { integrity: 'n/a', modified: 'unknown', overall: 'invalid', note: r.reasons[0] };
  const intact = r.signatures.every((s) => s.integrity === 'intact' && s.signatureValid);
  const modified = r.signatures.some((s) => s.modifiedAfter);
  const first = r.signatures.find((s) => s.integrity !== 'intact' || !s.signatureValid || s.modifiedAfter);
  const note = first ? `#${first.index + 1}: ${first.integrity}; ${first.modifications[0] ?? first.errors[0] ?? ''}` : undefined;
  return { integrity: intact ? 'ok' : 'broken', modified: modified ? 'yes' : 'no', overall: intact && !modified ? 'valid-integrity' : 'invalid', note };
}

/** `verify`: the portable verifyPdf by default; scripts/corpus.ts passes the Node one (src/verify/node). */
export async function corpusVerdict(bytes: Uint8Array, limits: VerifyLimits, verify: typeof verifyPdf = verifyPdf): Promise<CorpusVerdict> {
  try {
    return verdictOf(await verify(bytes, { anchors: [], limits }));
  } catch (e) {
    if (!isTaichoError(e)) throw e;
    return { integrity: 'n/a', modified: 'unknown', overall: 'error', note: e.message };
  }
}

/** One row of the corpus manifest (../shared/corpus/manifest.tsv): what the peers expect. */
export interface CorpusRow { file: string; integrity: string; modified: string; overall: string }

export function readCorpusManifest(tsv: string): CorpusRow[] {
  const lines = tsv.trim().split('\n');
  const head = lines[0].split('\t');
  const col = (name: string) => head.indexOf(name);
  return lines.slice(1).map((l) => {
    const c = l.split('\t');
    return { file: c[col('file')], integrity: c[col('expect_integrity')], modified: c[col('expect_modified_after')], overall: c[col('expect_overall')] };
  });
}

/**
 * Where a verdict differs from the manifest's expectation ([] when it agrees). "unknown" and
 * "n/a" expect nothing; "error-or-invalid" (malformed files) accepts either.
 */
export function disagreements(row: CorpusRow, v: CorpusVerdict): string[] {
  const agrees = (expected: string, got: string, overall = false) =>
    expected === 'unknown' || expected === 'n/a' || expected === got || (overall && expected === 'error-or-invalid' && (got === 'error' || got === 'invalid'));
  const out: string[] = [];
  if (!agrees(row.integrity, v.integrity)) out.push(`integrity: expected ${row.integrity}, got ${v.integrity}`);
  if (!agrees(row.modified, v.modified)) out.push(`modified after signing: expected ${row.modified}, got ${v.modified}`);
  if (!agrees(row.overall, v.overall, true)) out.push(`overall: expected ${row.overall}, got ${v.overall}${v.note ? ` (${v.note})` : ''}`);
  return out;
}
