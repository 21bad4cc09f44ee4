import type { AuthUser } from '../auth/roles';
import { InvalidInputError, isTaichoError } from '../shared/errors';
import type { DossierDeps, SigningPurpose } from './ports';
import { signResult } from './signing-flow';

/**
 * Ký số hàng loạt: a leader (or the clerk) ticks several results and enters the PIN once. Each
 * dossier is still signed on its own through `signResult` (state machine, own transaction,
 * audit entry), so one that fails leaves the others signed, and the report says which did what.
 */
export const MAX_BATCH = 100;

export interface BatchOutcome {
  code: string;
  outcome: 'signed' | 'failed';
  /** Why this dossier was not signed (the domain error's code and message). */
  error?: { code: string; message: string; details?: unknown };
}

/** Errors about the PIN or the key, not the dossier: retrying the next dossier would only fail again (and count another wrong PIN). */
const KEY_ERRORS = new Set(['wrong_pin', 'invalid_pin_format', 'pin_locked', 'no_certificate', 'certificate_expired', 'certificate_not_yet_valid', 'certificate_revoked', 'certificate_unusable', 'pki_unavailable', 'signing_not_available']);

export async function signBatch(deps: DossierDeps, actor: AuthUser, codes: string[], purpose: SigningPurpose, pin: string): Promise<BatchOutcome[]> {
  const unique = [...new Set(codes.map((c) => c.trim()).filter(Boolean))];
  if (!unique.length) throw new InvalidInputError('codes_required', 'Choose at least one dossier to sign');
  if (unique.length > MAX_BATCH) throw new InvalidInputError('batch_too_large', `At most ${MAX_BATCH} dossiers can be signed at once (got ${unique.length})`);
  if (!pin) throw new InvalidInputError('pin_required', 'The PIN is required');

  const results: BatchOutcome[] = [];
  for (const [i, code] of unique.entries()) {
    try {
      await signResult(deps, actor, code, purpose, pin);
      results.push({ code, outcome: 'signed' });
    } catch (e) {
      if (!isTaichoError(e)) throw e;
      const error = { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) };
      if (!KEY_ERRORS.has(e.code)) {
        results.push({ code, outcome: 'failed', error });
        continue;
      }
      // Nothing signed yet: the whole request failed for one reason (a wrong PIN is said as such).
      if (!results.some((r) => r.outcome === 'signed')) throw e;
      for (const rest of unique.slice(i)) results.push({ code: rest, outcome: 'failed', error });
      break;
    }
  }
  return results;
}
