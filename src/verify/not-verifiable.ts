import { UnprocessableError } from '../shared/errors';

/**
 * The one "not verifiable" error: too slow (time budget) or too large (parser caps, memory).
 * A module of its own so that the pool, in the server's thread, names it without loading the
 * verifier (pkijs, asn1js, the curves), which only its worker threads run.
 */
export function notVerifiable(reason: 'too_slow' | 'too_large', message: string): UnprocessableError {
  return new UnprocessableError('not_verifiable', message, { reason });
}
