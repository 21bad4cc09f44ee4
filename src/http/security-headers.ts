import type { MiddlewareHandler } from 'hono';
import { CONTENT_SECURITY_POLICY } from '../web/policy';

/**
 * On every answer, pages and API alike: only the service's own scripts, styles, fonts and
 * connections (PDFs shown from blob: URLs in frames); no framing by other sites; no referrer
 * (lookup URLs carry the citizen's key); nosniff. HSTS is left to the TLS-terminating proxy,
 * which knows whether the site is served over HTTPS at all. The policy is the web desk's.
 * The set is hono/secure-headers' defaults with these choices (a test holds them equal), made
 * once as a plain object: the hot answers are built with it from the start.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': Object.entries(CONTENT_SECURITY_POLICY)
    .map(([directive, sources]) => `${directive.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`)} ${sources.join(' ')}`)
    .join('; '),
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
});

const PREPARED = Symbol('prepared');

/**
 * A response built whole, the security headers included, with a plain headers object: the Node
 * adapter writes such a response straight out, where adding headers afterwards (the middleware
 * below) makes it build a fetch `Headers`, test and set each one, and copy them back — most of a
 * kept answer's cost. Only for handlers whose response is wholly theirs (no `c.header()` before).
 * `headers` may not repeat a security header (a response with a policy of its own takes the
 * middleware's path).
 */
export function preparedResponse(body: string | Uint8Array | null, status: number, headers: Record<string, string>): Response {
  return sendPrepared(body, status, preparedHeaders(headers));
}

/** The security headers and `headers`, as one frozen object to make once and send often (`sendPrepared`). */
export function preparedHeaders(headers: Record<string, string>): PreparedHeaders {
  return Object.freeze({ ...SECURITY_HEADERS, ...headers }) as PreparedHeaders;
}

declare const prepared: unique symbol;
/** Headers that include every security header (made by `preparedHeaders` only). */
export type PreparedHeaders = Readonly<Record<string, string>> & { readonly [prepared]: true };

/**
 * `preparedResponse` with headers made beforehand: a hot answer sends the same object each time
 * (the adapter reads it and never writes to it; reading `res.headers` makes a copy).
 */
export function sendPrepared(body: string | Uint8Array | null, status: number, headers: PreparedHeaders): Response {
  const res = new Response(body as ConstructorParameters<typeof Response>[0], { status, headers: headers as Record<string, string> });
  (res as Response & { [PREPARED]?: true })[PREPARED] = true;
  return res;
}

/** Whether the response was built by `preparedResponse`: its headers are final, nothing need be added. */
export function isPrepared(res: Response): boolean {
  return PREPARED in res;
}

/**
 * Adds the security headers to every other response, keeping any it brings itself (the
 * signature report's own policy, with its inline style's hash).
 */
export const secureEveryAnswer: MiddlewareHandler = async (c, next) => {
  await next();
  if (isPrepared(c.res)) return;
  const headers = c.res.headers;
  for (const name in SECURITY_HEADERS) if (!headers.has(name)) headers.set(name, SECURITY_HEADERS[name]!);
};
