import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PayloadTooLargeError } from '../shared/errors';
import { MAX_DER_REQUEST_BYTES, MAX_IMAGE_BYTES, MULTIPART_OVERHEAD_BYTES } from '../shared/limits';
import type { AppEnv } from './context';

/** Any route not listed below: login, PIN, decisions… small JSON bodies. */
export const SMALL_BODY_BYTES = 16 * 1024;
/** An appraisal carries the result's text (up to 20 000 characters, up to 3 bytes each in UTF-8, JSON-escaped). */
const APPRAISAL_BODY_BYTES = 128 * 1024;

export interface UploadLimits {
  maxUploadBytes: number;
  maxFiles: number;
  /** The largest multipart request at all; the deployment's cap on what one request may buffer. */
  maxRequestBytes: number;
}

/**
 * `streamed`: the handler reads the body with `readMultipart`, which counts a chunked body
 * against the limit as it streams (and each part against the largest file), so it is not
 * first buffered whole here. Only for handlers that do.
 */
type Rule = [method: string, path: RegExp, bytes: (l: UploadLimits) => number, streamed?: 'streamed'];

/** Routes that take more than a small body. The list is the whole policy: a new route starts small. */
const RULES: Rule[] = [
  ['POST', /^\/pki\/(ocsp|tsa)$/, () => MAX_DER_REQUEST_BYTES],
  ['POST', /^\/api\/v1\/dossiers$/, multipart, 'streamed'],
  ['POST', /^\/api\/v1\/dossiers\/[^/]+\/supplement$/, multipart, 'streamed'],
  ['POST', /^\/api\/v1\/verify$/, (l) => Math.min(l.maxRequestBytes, l.maxUploadBytes + MULTIPART_OVERHEAD_BYTES), 'streamed'],
  ['PUT', /^\/api\/v1\/(users\/[^/]+\/signature-image|agency\/seal-image)$/, () => MAX_IMAGE_BYTES],
  ['POST', /^\/api\/v1\/dossiers\/[^/]+\/appraisal$/, () => APPRAISAL_BODY_BYTES],
];

function multipart(l: UploadLimits): number {
  return Math.min(l.maxRequestBytes, l.maxFiles * l.maxUploadBytes + MULTIPART_OVERHEAD_BYTES);
}

/** The most bytes a request to `method path` may send, and whether its handler counts them as it reads. */
export function bodyLimitFor(method: string, path: string, limits: UploadLimits): { max: number; streamed: boolean } {
  const rule = RULES.find(([m, re]) => m === method && re.test(path));
  return rule ? { max: rule[2](limits), streamed: rule[3] === 'streamed' } : { max: SMALL_BODY_BYTES, streamed: false };
}

/**
 * Refuses (413) a body over its route's limit before any handler reads it: hono's bodyLimit
 * trusts a Content-Length (Node's parser never delivers more than it says) and otherwise
 * counts the chunked stream, stopping at the limit (for `streamed` routes the handler's reader
 * does that counting instead). Mounted after authentication, so a
 * client without a token gets its 401 without the body being read at all.
 */
export function limitBodies(limits: UploadLimits): MiddlewareHandler<AppEnv> {
  const cache = new Map<number, MiddlewareHandler>();
  const middleware = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new PayloadTooLargeError('payload_too_large', `The request body exceeds ${maxSize} bytes, the limit for this route`, { limit: maxSize });
      },
    });
  return (c, next) => {
    const { max, streamed } = bodyLimitFor(c.req.method, c.req.path, limits);
    c.set('bodyLimit', max);
    if (!mayHaveBody(c.req.method)) return next();
    const declared = c.req.header('content-length') !== undefined && c.req.header('transfer-encoding') === undefined;
    if (streamed && !declared) return next(); // counted by readMultipart as it streams
    if (!cache.has(max)) cache.set(max, middleware(max));
    return cache.get(max)!(c, next);
  };
}

/**
 * GET and HEAD requests reach the app without a body (the Node adapter gives them none), so
 * there is nothing to limit; asking (`c.req.raw.body`, as hono's bodyLimit does) would build a
 * full fetch Request with its AbortController on every read — a third of a kept answer's cost.
 */
export function mayHaveBody(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD';
}
