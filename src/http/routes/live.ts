import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { allow, type AppEnv } from '../context';

const searchQuery = z.object({ q: z.string().min(1, 'q is required').max(200), limit: z.coerce.number().int().min(1).max(200).default(50) });

/** Full-text search over digitised pages, and a dossier's live progress as server-sent events. */
export const liveRoutes = new Hono<AppEnv>()
  // Snippets show what the papers say, so only roles that handle dossiers may search.
  .get('/search', allow('reception', 'specialist', 'leader', 'clerk'), (c) => {
    const { q, limit } = searchQuery.parse(c.req.query());
    return c.json(c.var.services.search(c.var.user, q, limit));
  })
  .get('/dossiers/:code/events', allow('reception', 'specialist', 'leader', 'clerk'), (c) => {
    const code = c.req.param('code');
    const initial = c.var.services.dossiers.get(c.var.user, code); // 404 before opening a stream
    return streamSSE(c, async (stream) => {
      await stream.writeSSE({ event: 'snapshot', data: JSON.stringify({ status: initial.status, documents: initial.documents }) });
      const queue: string[] = [];
      let notify: (() => void) | undefined;
      const unsubscribe = c.var.services.events.subscribe(code, (e) => {
        queue.push(JSON.stringify({ type: e.type, ...e.data }));
        notify?.();
      });
      stream.onAbort(() => {
        unsubscribe();
        notify?.();
      });
      while (!stream.aborted) {
        const next = queue.shift();
        if (next) await stream.writeSSE({ event: 'progress', data: next });
        else await new Promise<void>((r) => {
          notify = r;
          setTimeout(r, 15_000); // heartbeat keeps proxies from closing an idle stream
        }).then(() => (queue.length === 0 && !stream.aborted ? stream.writeSSE({ event: 'ping', data: '{}' }) : undefined));
      }
    });
  });
