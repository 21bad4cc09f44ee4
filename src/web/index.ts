import { Hono, type MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { assetRoutes } from './assets';
import { checkCsrf, sameOrigin } from './csrf';
import { webError } from './errors';
import { authPages } from './pages/auth';
import { homePages } from './pages/home';
import { appraisalPages } from './pages/appraisal';
import { signingPages } from './pages/signing';
import { readSession, type WebEnv } from './session';

/**
 * The web desk: server-rendered pages (hono/jsx) for staff and citizens, mounted at `/` beside
 * the JSON API. Everything here calls the same domain services as the API.
 */

/** The policy the whole desk lives under: only this server's own files, no inline code. */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  frameSrc: ["'self'", 'blob:'],
  objectSrc: ["'self'"],
  frameAncestors: ["'self'"],
  formAction: ["'self'"],
  baseUri: ["'none'"],
};

/** The API, the PKI endpoints and health are not pages: the desk's middleware leaves them alone. */
const NOT_PAGES = /^\/(api|pki|health)(\/|$)/;
export const pagesOnly =
  (mw: MiddlewareHandler<WebEnv>): MiddlewareHandler<WebEnv> =>
  (c, next) =>
    NOT_PAGES.test(c.req.path) ? next() : mw(c, next);

export function createWebApp(log: (obj: object, msg: string) => void): Hono<WebEnv> {
  const web = new Hono<WebEnv>();
  web.onError((err, c) => webError(err, c, log));
  web.use('*', pagesOnly(secureHeaders({ contentSecurityPolicy: CONTENT_SECURITY_POLICY, referrerPolicy: 'same-origin' })));
  web.route('/', assetRoutes);
  web.use('*', pagesOnly(readSession));
  web.use('*', pagesOnly(sameOrigin));
  web.use('*', pagesOnly(checkCsrf));
  web.use('*', pagesOnly(async (c, next) => {
    await next();
    // Pages show personal data: never kept in a shared cache or the back-forward cache of a counter PC.
    if (c.res.headers.get('content-type')?.startsWith('text/html')) c.res.headers.set('cache-control', 'no-store');
  }));
  web.route('/', authPages);
  web.route('/', homePages);
  web.route('/', appraisalPages);
  web.route('/', signingPages);
  return web;
}
