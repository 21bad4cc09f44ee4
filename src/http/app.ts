import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PayloadTooLargeError } from '../shared/errors';
import { authenticated, type AppEnv } from './context';
import { toErrorResponse } from './errors';
import { authRoutes } from './routes/auth';
import { dossierRoutes } from './routes/dossiers';
import { fileRoutes } from './routes/files';
import { liveRoutes } from './routes/live';
import { pkiRoutes } from './routes/pki';
import { verifyRoutes } from './routes/verify';
import { oversightRoutes } from './routes/oversight';
import { publicApi } from './routes/public';
import { workflowRoutes } from './routes/workflow';
import type { Services } from './services';
import { createWebApp } from '../web';
import { notFoundPage } from '../web/errors';

export interface AppOptions {
  services: Services;
  /** Largest request body accepted at all (per-file limits are checked by the domain). */
  maxRequestBytes: number;
  log: (obj: object, msg: string) => void;
}

const PUBLIC_API = /^\/api\/v1\/(auth\/login|public\/)/;

/** The HTTP application: thin routes over the domain services. No Node-only imports here. */
export function createApp(opts: AppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('services', opts.services);
    await next();
  });
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: opts.maxRequestBytes,
      onError: () => {
        throw new PayloadTooLargeError('payload_too_large', `The request body exceeds ${opts.maxRequestBytes} bytes`);
      },
    }),
  );
  app.onError((err, c) => toErrorResponse(err, c, opts.log));
  // A browser asking for a page gets the desk's 404 page; API clients get JSON.
  app.notFound((c) =>
    !c.req.path.startsWith('/api/') && (c.req.header('accept') ?? '').includes('text/html')
      ? notFoundPage(c)
      : c.json({ error: { code: 'not_found', message: `No route ${c.req.method} ${c.req.path}` } }, 404),
  );

  app.get('/health', (c) => c.json({ status: 'ok', ...opts.services.health() }));
  app.route('/pki', pkiRoutes);
  const api = new Hono<AppEnv>();
  // Every /api/v1 route needs a bearer token except logging in and the citizen's lookup.
  api.use('*', (c, next) => (PUBLIC_API.test(c.req.path) ? next() : authenticated(c, next)));
  api.route('/', authRoutes);
  api.route('/', publicApi);
  api.route('/', dossierRoutes);
  api.route('/', workflowRoutes);
  api.route('/', fileRoutes);
  api.route('/', oversightRoutes);
  api.route('/', liveRoutes);
  api.route('/', verifyRoutes);
  app.route('/api/v1', api);
  // The web desk (src/web): pages at `/`, after the API so that its middleware never runs for it.
  app.route('/', createWebApp({ log: opts.log, maxRequestBytes: opts.maxRequestBytes }));
  return app;
}
