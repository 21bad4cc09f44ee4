/**
 * The one place where domain failures get their HTTP status and CLI exit code.
 *
 * Domain code throws these; the HTTP layer (src/http/errors.ts) and the CLI
 * (src/cli/main.ts) translate them without knowing the individual cases. Each class
 * carries a stable machine-readable `code` so that clients need not parse messages.
 */
export abstract class TaichoError extends Error {
  abstract readonly httpStatus: number;
  abstract readonly exitCode: number;
  readonly code: string;
  readonly details?: unknown;

  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

/** The caller sent something malformed (bad field, broken multipart, not an image). */
export class InvalidInputError extends TaichoError {
  readonly httpStatus = 400;
  readonly exitCode = 1;
}

/** No credentials, or credentials that do not authenticate. */
export class UnauthenticatedError extends TaichoError {
  readonly httpStatus = 401;
  readonly exitCode = 3;
}

/** Authenticated, but this role (or this user) may not do this. */
export class ForbiddenError extends TaichoError {
  readonly httpStatus = 403;
  readonly exitCode = 3;
}

export class NotFoundError extends TaichoError {
  readonly httpStatus = 404;
  readonly exitCode = 1;
}

/** The request is well formed but conflicts with the current state (e.g. an illegal transition). */
export class ConflictError extends TaichoError {
  readonly httpStatus = 409;
  readonly exitCode = 1;
}

/** Upload larger than the configured limit. */
export class PayloadTooLargeError extends TaichoError {
  readonly httpStatus = 413;
  readonly exitCode = 1;
}

/** Content type we do not accept (sniffed from bytes, not trusted from headers). */
export class UnsupportedMediaError extends TaichoError {
  readonly httpStatus = 415;
  readonly exitCode = 1;
}

/** Semantically invalid (e.g. a PDF we cannot parse, a certificate that cannot sign). */
export class UnprocessableError extends TaichoError {
  readonly httpStatus = 422;
  readonly exitCode = 2;
}

/** Too many attempts (wrong PIN throttling, login throttling) or too many open streams. */
export class TooManyRequestsError extends TaichoError {
  readonly httpStatus = 429;
  readonly exitCode = 1;

  /** `retryAfterMs`: how long until a retry can succeed, sent as the Retry-After header. */
  constructor(code: string, message: string, details?: unknown, readonly retryAfterMs?: number) {
    super(code, message, details);
  }
}

/** A capability that is not built or not configured here. Says what is missing; never pretends. */
export class NotImplementedError extends TaichoError {
  readonly httpStatus = 501;
  readonly exitCode = 4;
}

/** A dependency we need is down (database, TSA, worker pool). */
export class UnavailableError extends TaichoError {
  readonly httpStatus = 503;
  readonly exitCode = 5;
}

export function isTaichoError(e: unknown): e is TaichoError {
  return e instanceof TaichoError;
}

/** JSON body for any error, shared by HTTP and `--json` CLI output. */
export function errorBody(e: TaichoError): { error: { code: string; message: string; details?: unknown } } {
  return { error: { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) } };
}
