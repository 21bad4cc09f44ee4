import { ForbiddenError, InvalidInputError, TooManyRequestsError, UnprocessableError } from '../shared/errors';

/**
 * The PIN does not open this PKCS#12 (MAC or decryption fails). Never carries the PIN itself.
 * 403, not 401: the user is logged in, and clients treat a 401 as "log the user out".
 */
export class WrongPinError extends ForbiddenError {
  constructor(message = 'wrong PIN: the PKCS#12 file could not be opened') {
    super('wrong_pin', message);
  }
}

/** Too many wrong PINs for this key: locked until `retryAt`. */
export class PinLockedError extends TooManyRequestsError {
  constructor(readonly retryAt: Date, retryAfterMs?: number) {
    super('pin_locked', `too many wrong PINs: try again after ${retryAt.toISOString()}`, { retryAt: retryAt.toISOString() }, retryAfterMs);
  }
}

/** The certificate exists and parses but may not sign now (expired, not yet valid, revoked). */
export class CertificateUnusableError extends UnprocessableError {
  constructor(code: 'certificate_expired' | 'certificate_not_yet_valid' | 'certificate_revoked' | 'certificate_unusable', message: string, details?: unknown) {
    super(code, message, details);
  }
}

/** Bytes that are not a PKCS#12 / certificate / CRL / TSA or OCSP request at all. */
export class MalformedPkiDataError extends InvalidInputError {
  constructor(what: string, cause?: unknown) {
    super('malformed_pki_data', `not a valid ${what}${cause instanceof Error ? `: ${cause.message}` : ''}`);
  }
}
