import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { allow, type AppEnv } from '../context';

const searchQuery = z.object({ q: z.string().min(1, 'q is required').max(200), limit: z.coerce.number().int().min(1).max(200).default(50) });

/** Full-text search over digitised pages, and a dossier's live progress as server-sent events. */
export const liveRoutes = new Hono<AppEnv>()
  // Snippets show what the papers say, so only roles that handle dossiers may search.
  .get('/search', allow('reception', 'specialist', 'leader', 'clerk'), async (c) => {
    const { q, limit } = searchQuery.parse(c.req.query());
    return c.json(await c.var.services.search.pages(c.var.user, q, limit));
  })
  .get('/dossiers/:code/events', allow('reception', 'specialist', 'leader', 'clerk'), async (c) => {
    const { auth, dossiers, events } = c.var.services;
    const code = c.req.param('code');
    const initial = await dossiers.get(c.var.user, code); // 404 before opening a stream
    const slot = auth.openStream(c.var.user, c.var.token); // 429 beyond the caps
    return streamSSE(c, async (stream) => {
      const queue: string[] = [];
      let wake = () => {};
      const unsubscribe = events.subscribe(code, (e) => {
        queue.push(JSON.stringify({ type: e.type, ...e.data }));
        wake();
      });
      stream.onAbort(() => wake());
      slot.onEnd(() => wake());
      // However the stream ends (client gone, even before the first write; logout; expired
      // session; a failed write), the subscription and the slot are given back.
      let ended: 'logged_out' | 'session_expired' | undefined;
      try {
        await stream.writeSSE({ event: 'snapshot', data: JSON.stringify({ status: initial.status, documents: initial.documents }) });
        while (!stream.aborted && !slot.ended) {
          const next = queue.shift();
          if (next !== undefined) await stream.writeSSE({ event: 'progress', data: next });
          else if ((await idle(auth.streamSettings.heartbeatMs, (w) => (wake = w))) === 'timeout') {
            if (!(await sessionValid(c))) break;
            await stream.writeSSE({ event: 'ping', data: '{}' }); // keeps proxies from closing an idle stream
          }
        }
        if (!stream.aborted) ended = slot.ended ? 'logged_out' : 'session_expired';
      } finally {
        unsubscribe();
        slot.release();
      }
      if (ended) await stream.writeSSE({ event: 'end', data: JSON.stringify({ reason: ended }) });
    });
  });

/** Waits `ms` (resolving 'timeout') or until woken through `onWake`; no timer is left behind. */
function idle(ms: number, onWake: (wake: () => void) => void): Promise<'woken' | 'timeout'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), ms);
    onWake(() => {
      clearTimeout(timer);
      resolve('woken');
    });
  });
}

/** Whether the stream's session still authenticates (not logged out, expired or disabled). */
async function sessionValid(c: Context<AppEnv>): Promise<boolean> {
  try {
    await c.var.services.auth.authenticate(c.var.token);
    return true;
  } catch {
    return false;
  }
}
