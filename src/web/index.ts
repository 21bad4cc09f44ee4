import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { mayHaveBody } from '../http/body-limits';
import { isPrepared } from '../http/security-headers';
import { PayloadTooLargeError } from '../shared/errors';
import { assetRoutes } from './assets';
import { checkCsrf, sameOrigin } from './csrf';
import { webError } from './errors';
import { authPages } from './pages/auth';
import { citizenPages } from './pages/citizen';
import { dossierPages } from './pages/dossier';
import { findPages } from './pages/find';
import { homePages } from './pages/home';
import { receptionActionPages } from './pages/reception-actions';
import { receptionFormPages } from './pages/reception-form';
import { adminCalendarPages } from './pages/admin-calendar';
import { adminImagePages } from './pages/admin-images';
import { adminUserPages } from './pages/admin-users';
import { auditPages } from './pages/audit';
import { statsPages } from './pages/stats';
import { verifyPages } from './pages/verify';
import { appraisalPages } from './pages/appraisal';
import { signingPages } from './pages/signing';
import { readSession, type WebEnv } from './session';

/**
 * The web desk: server-rendered pages (hono/jsx) for staff and citizens, mounted at `/` beside
 * the JSON API. Everything here calls the same domain services as the API.
 */

export { CONTENT_SECURITY_POLICY } from './policy';

/** The API, the PKI endpoints and health are not pages: the desk's middleware leaves them alone. */
const NOT_PAGES = /^\/(api|pki|health)(\/|$)/;
export const pagesOnly =
  (mw: MiddlewareHandler<WebEnv>): MiddlewareHandler<WebEnv> =>
  (c, next) =>
    NOT_PAGES.test(c.req.path) ? next() : mw(c, next);

export function createWebApp(opts: { log: (obj: object, msg: string) => void; maxRequestBytes: number }): Hono<WebEnv> {
  const web = new Hono<WebEnv>();
  web.onError((err, c) => webError(err, c, opts.log));
  web.route('/', assetRoutes);
  web.use('*', pagesOnly(readSession));
  // Uploads on pages have the API's ceiling; the 413 becomes a page (errors.tsx).
  const limit = bodyLimit({ maxSize: opts.maxRequestBytes, onError: () => { throw new PayloadTooLargeError('payload_too_large', 'Các tệp gửi lên quá lớn'); } });
  web.use('*', pagesOnly((c, next) => (mayHaveBody(c.req.method) ? limit(c, next) : next())));
  web.use('*', pagesOnly(sameOrigin));
  web.use('*', pagesOnly(checkCsrf));
  web.use('*', pagesOnly(async (c, next) => {
    await next();
    // Pages show personal data: never kept in a shared cache or the back-forward cache of a counter PC.
    if (!isPrepared(c.res) && c.res.headers.get('content-type')?.startsWith('text/html')) c.res.headers.set('cache-control', 'no-store');
  }));
  // desk.js sends some forms with fetch (x-desk-fetch): a redirect is answered as JSON, so the
  // script can tell "done, go there" from "session expired, sign in" without losing the form.
  web.use('*', pagesOnly(async (c, next) => {
    await next();
    if (c.req.header('x-desk-fetch') !== '1') return;
    const location = c.res.headers.get('location');
    if (location && c.res.status >= 300 && c.res.status < 400) {
      c.res = c.json({ redirect: location });
    }
  }));
  web.route('/', authPages);
  web.route('/', homePages);
  web.route('/', receptionFormPages);
  web.route('/', findPages); // before the dossier page: /dossiers/find is not a code
  web.route('/', dossierPages);
  web.route('/', receptionActionPages);
  web.route('/', citizenPages);
  // Oversight: the auditor's and the admin's screens.
  for (const pages of [verifyPages, auditPages, statsPages, adminUserPages, adminCalendarPages, adminImagePages]) web.route('/', pages);
  web.route('/', appraisalPages);
  web.route('/', signingPages);
  return web;
}
