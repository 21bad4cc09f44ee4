import { serve } from '@hono/node-server';
import pino from 'pino';
import { bootstrap } from './bootstrap';
import { loadConfig } from './config';
import { createApp } from './http/app';
import { assertPortFree, portProblem } from './port-check';

/** `npm start`: the service on its embedded default (SQLite + local blob store under TAICHO_DATA_DIR). */
export async function start(env: Record<string, string | undefined> = process.env) {
  const config = loadConfig(env);
  await assertPortFree(config.port, config.host);
  const log = pino({ level: config.logLevel, base: { service: 'taicho' } });
  const services = await bootstrap(config, log);
  const app = createApp({ services, maxRequestBytes: config.maxUploadBytes * Math.min(config.maxFiles, 8) + 1024 * 1024, log: (o, m) => log.error(o, m) });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    log.info({ port: info.port, dataDir: config.dataDir }, `taicho listening on http://localhost:${info.port}`);
  });
  // Someone may still take the port between the check and the listen: the same one line, then stop.
  server.once('error', (e: NodeJS.ErrnoException) => {
    process.stderr.write(`taicho: ${portProblem(e, config.port, config.host)}\n`);
    void services.close().finally(() => process.exit(1));
  });
  const stop = () => {
    log.info('shutting down');
    server.close(() => {
      void services.close().finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { server, services, app };
}

/**
 * `npm start` and `taicho serve`: starts, or says in one line why it cannot (the port is taken,
 * the PKI's PIN does not open it …) and exits 1.
 */
export async function startOrExit(): Promise<void> {
  try {
    await start();
  } catch (e) {
    process.stderr.write(`taicho: ${(e as Error).message}\n`);
    process.exit(1);
  }
}

// `node --import tsx src/main.ts` (the crash test and the load bench run the sources this way).
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('src/main.ts')) void startOrExit();
