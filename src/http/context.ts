import type { Context, MiddlewareHandler } from 'hono';
import type { AuthUser, Role } from '../auth/roles';
import { ForbiddenError } from '../shared/errors';
import type { Services } from './services';

export interface AppEnv {
  Variables: { user: AuthUser; services: Services; token: string };
  /** What @hono/node-server passes: the Node request, read only for the peer's address. */
  Bindings: { incoming?: { socket?: { remoteAddress?: string } } };
}

/**
 * Who is asking, for throttling: the TCP peer's address. Not X-Forwarded-For, which any
 * client can write; behind a reverse proxy every client shares the proxy's address.
 */
export function clientAddress(c: Context<AppEnv>): string {
  return c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/** Resolves the bearer token to a user (401 when absent or unknown). */
export const authenticated: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  c.set('user', c.var.services.auth.authenticate(token));
  c.set('token', token ?? '');
  await next();
};

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
