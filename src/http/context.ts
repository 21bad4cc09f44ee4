import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../web/session';
import type { AuthUser, Role } from '../auth/roles';
import { ForbiddenError } from '../shared/errors';
import type { Answers, Counts } from './request-counts';
import type { Services } from './services';

export interface AppEnv {
  /** `bodyLimit`: the most bytes this request's body may have (set by src/http/body-limits.ts). */
  /** `seen`: the change counts of a read-only request (src/http/request-counts.ts). */
  Variables: { user: AuthUser; services: Services; token: string; bodyLimit: number | undefined; answers: Answers; seen: Counts | undefined };
}

/**
 * Resolves the bearer token to a user (401 when absent or unknown). A GET may instead carry the
 * web desk's session cookie, so that its pages can show PDFs, downloads and live progress
 * (server-sent events) straight from the API. Never on a state-changing method: an API POST
 * needs the bearer token, which no other site can make a browser send.
 */
export const authenticated: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  const token = bearer ?? (c.req.method === 'GET' || c.req.method === 'HEAD' ? getCookie(c, SESSION_COOKIE) : undefined);
  c.set('user', await c.var.services.auth.authenticate(token, c.var.seen?.sessions));
  c.set('token', token ?? '');
  await next();
};

/**
 * The client's remote address as the Node adapter exposes it (`c.env.incoming`), an opaque
 * key for throttling. Forwarding headers are not trusted: anyone can write them.
 */
export function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/** 403 unless the authenticated user has one of the roles. */
export function allow(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.var.user;
    if (!roles.includes(user.role)) {
      throw new ForbiddenError('forbidden', `Role '${user.role}' may not ${c.req.method} ${c.req.routePath} (allowed: ${roles.join(', ')})`);
    }
    await next();
  };
}

export const STAFF: Role[] = ['reception', 'specialist', 'leader', 'clerk', 'auditor', 'admin'];

export function pdfResponse(bytes: Uint8Array, filename: string, inline = true): Response {
  return new Response(bytes, {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `${inline ? 'inline' : 'attachment'}; filename="${filename}"`,
      'cache-control': 'no-store',
    },
  });
}
