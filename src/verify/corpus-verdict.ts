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

export function corpusVerdict(bytes: Uint8Array, limits: VerifyLimits): CorpusVerdict {
  try {
    return verdictOf(verifyPdf(bytes, { trustAnchors: [], limits }));
  } catch (e) {
    if (!isTaichoError(e)) throw e;
    return { integrity: 'n/a', modified: 'unknown', overall: 'error', note: e.message };
  }
}
