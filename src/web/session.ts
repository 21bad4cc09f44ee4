import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AuthUser, Role } from '../auth/roles';
import type { Answers, Counts } from '../http/request-counts';
import type { Services } from '../http/services';
import { ForbiddenError, UnauthenticatedError } from '../shared/errors';

/**
 * The browser's session: a cookie holding a token of the same AuthService (and token store) as
 * the API's bearer tokens, so sign-out and expiry work the same way. HttpOnly keeps it from
 * scripts; SameSite=Strict keeps it off cross-site requests; Secure when served over https.
 */
export const SESSION_COOKIE = 'taicho_session';

export interface WebEnv {
  Variables: { services: Services; user: AuthUser; token: string; bodyLimit: number | undefined; answers: Answers; seen: Counts | undefined };
}

export function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:';
}

/** A browser-session cookie (gone when the browser closes); the token's own expiry is enforced by the server. */
export function startSession(c: Context, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c),
    path: '/',
  });
}

export async function endSession(c: Context<WebEnv>): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE);
  if (token) await c.var.services.auth.logout(token);
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
}

/** Resolves the cookie to a user when there is a valid one; pages that need none still render. */
export const readSession: MiddlewareHandler<WebEnv> = async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE);
  if (token) {
    try {
      c.set('user', await c.var.services.auth.authenticate(token, c.var.seen?.sessions));
      c.set('token', token);
    } catch {
      // An expired or revoked token: treated as signed out (requireUser redirects).
    }
  }
  await next();
};

/** The signed-in user, if any (pages such as the citizen's lookup render either way). */
export function currentUser(c: Context<WebEnv>): AuthUser | undefined {
  return c.get('user') as AuthUser | undefined;
}

/** 401 unless signed in; the web error handler turns it into a redirect to the sign-in page. */
export const requireUser: MiddlewareHandler<WebEnv> = async (c, next) => {
  if (!currentUser(c)) {
    const expired = Boolean(getCookie(c, SESSION_COOKIE));
    throw new UnauthenticatedError(expired ? 'session_expired' : 'not_signed_in', expired ? 'Phiên đăng nhập đã hết hạn' : 'Cần đăng nhập');
  }
  await next();
};

/** 403 (the Vietnamese "no permission" page) unless the user has one of the roles. */
export function requireRole(...roles: Role[]): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const user = currentUser(c);
    if (!user) throw new UnauthenticatedError('not_signed_in', 'Cần đăng nhập');
    if (!roles.includes(user.role)) throw new ForbiddenError('forbidden', `Role '${user.role}' may not open ${c.req.path}`);
    await next();
  };
}
