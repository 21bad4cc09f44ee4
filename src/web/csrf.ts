import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { csrf as originCheck } from 'hono/csrf';
import { ForbiddenError } from '../shared/errors';
import type { WebEnv } from './session';

/**
 * CSRF defence in two layers. (1) hono/csrf refuses a form POST whose Origin is not this site.
 * (2) Every state-changing form carries `_csrf`, an HMAC of the session token: only a page this
 * server rendered for this session knows it (the cookie itself is HttpOnly). The sign-in form
 * has no session yet and relies on (1) and SameSite.
 */
export const CSRF_FIELD = '_csrf';

export function csrfToken(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('taicho-csrf-v1').digest('base64url');
}

/** The token for the current session ('' when signed out). */
export function csrfFor(c: Context<WebEnv>): string {
  const token = c.get('token') as string | undefined;
  return token ? csrfToken(token) : '';
}

function matches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Checks the form's token on every POST made with a session. Reading the form here caches it for the handler. */
export const checkCsrf: MiddlewareHandler<WebEnv> = async (c, next) => {
  if (c.req.method !== 'POST') return next();
  // Only a valid session can be ridden; without one the route itself refuses (or is sign-in).
  const session = c.get('token') as string | undefined;
  if (!session) return next();
  const header = c.req.header('x-csrf-token');
  let given = header;
  if (!given) {
    const type = c.req.header('content-type') ?? '';
    if (/multipart\/form-data|application\/x-www-form-urlencoded/i.test(type)) {
      const form = await c.req.formData().catch(() => undefined);
      const v = form?.get(CSRF_FIELD);
      given = typeof v === 'string' ? v : undefined;
    }
  }
  if (!given || !matches(given, csrfToken(session))) {
    throw new ForbiddenError('csrf_failed', 'Biểu mẫu đã cũ hoặc không hợp lệ; vui lòng tải lại trang và gửi lại');
  }
  await next();
};

/** The Origin check for every form POST of the desk. */
export const sameOrigin = originCheck();
