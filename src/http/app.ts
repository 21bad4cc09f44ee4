import { Hono } from 'hono';
import { AnswerCache } from './answer-cache';
import { readsOnly, RequestCounts, SeenAnswers } from './request-counts';
import { secureEveryAnswer } from './security-headers';
import { limitBodies } from './body-limits';
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
  /**
   * Largest multipart upload accepted at all, the cap on what one request may buffer. Other
   * routes have smaller limits of their own (src/http/body-limits.ts).
   */
  maxRequestBytes: number;
  log: (obj: object, msg: string) => void;
}

const PUBLIC_API = /^\/api\/v1\/(auth\/login|public\/)/;

/** The HTTP application: thin routes over the domain services. No Node-only imports here. */
export function createApp(opts: AppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(secureEveryAnswer); // src/http/security-headers.ts
  // One per app: the hot reads' whole answers, checked against the database's change count.
  const answers = new AnswerCache({ version: () => opts.services.changes.version(), now: opts.services.settings.now });
  const counts = () => opts.services.changes.both();
  app.use(async (c, next) => {
    c.set('services', opts.services);
    // A read-only request reads both change counts once, for its session and its kept answer.
    const seen = readsOnly(c.req.method) ? new RequestCounts(counts) : undefined;
    c.set('seen', seen);
    c.set('answers', seen ? new SeenAnswers(answers, seen) : answers);
    await next();
  });
  const { maxUploadBytes, maxFiles } = opts.services.settings;
  const limits = limitBodies({ maxUploadBytes, maxFiles, maxRequestBytes: opts.maxRequestBytes });
  app.use('/pki/*', limits);
  app.onError((err, c) => toErrorResponse(err, c, opts.log));
  // A browser asking for a page gets the desk's 404 page; API clients get JSON.
  app.notFound((c) =>
    !c.req.path.startsWith('/api/') && (c.req.header('accept') ?? '').includes('text/html')
      ? notFoundPage(c)
      : c.json({ error: { code: 'not_found', message: `No route ${c.req.method} ${c.req.path}` } }, 404),
  );

  app.get('/health', async (c) => c.json({ status: 'ok', ...(await opts.services.health()) }));
  app.route('/pki', pkiRoutes);
  const api = new Hono<AppEnv>();
  // Every /api/v1 route needs a bearer token except logging in and the citizen's lookup.
  api.use('*', (c, next) => (PUBLIC_API.test(c.req.path) ? next() : authenticated(c, next)));
  api.use('*', limits);
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
