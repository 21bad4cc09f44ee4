import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { errorBody, isTaichoError, InvalidInputError, TooManyRequestsError } from '../shared/errors';

/**
 * Maps every failure to a JSON body `{error: {code, message, details?}}` and its status, in
 * one place. Domain errors carry their status; zod failures are 400 with the field paths;
 * anything unexpected is a 500 that is logged but does not leak internals.
 */
export function toErrorResponse(err: unknown, c: Context, log: (obj: object, msg: string) => void): Response {
  if (err instanceof ZodError) {
    const details = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    const first = details[0];
    const e = new InvalidInputError('invalid_input', first ? `${first.path || 'body'}: ${first.message}` : 'Invalid input', details);
    return c.json(errorBody(e), 400);
  }
  if (err instanceof TooManyRequestsError && err.retryAfterMs !== undefined) {
    c.header('Retry-After', String(Math.max(1, Math.ceil(err.retryAfterMs / 1000))));
  }
  if (isTaichoError(err)) return c.json(errorBody(err), err.httpStatus as 400);
  if (err instanceof HTTPException) {
    const status = err.status;
    const code = status === 413 ? 'payload_too_large' : status === 401 ? 'unauthenticated' : 'http_error';
    return c.json({ error: { code, message: err.message || 'Request refused' } }, status);
  }
  log({ err }, 'unhandled error');
  return c.json({ error: { code: 'internal_error', message: 'Internal error; it has been logged' } }, 500);
}
