import { Hono } from 'hono';
import { z } from 'zod';
import { allow, STAFF, type AppEnv } from '../context';
import { readJson } from '../json-body';

/** A day (YYYY-MM-DD, local), an ISO instant with offset, or epoch milliseconds (what the answer's own from/to/asOf use). */
const bound = z
  .union([z.string().regex(/^\d{1,15}$/), z.iso.datetime({ offset: true }), z.iso.date()], {
    error: 'expected a date YYYY-MM-DD, an ISO 8601 instant with offset, or epoch milliseconds',
  })
  .optional();
const statsQuery = z.object({ from: bound, to: bound });
const override = z.object({ date: z.string(), kind: z.enum(['holiday', 'workday']), name: z.string().min(1).max(200) });

/** `from=checkpoint`: only the entries after the last stored checkpoint (and the checkpoints themselves). */
const verifyQuery = z.object({ from: z.enum(['checkpoint']).optional() });

/** Audit trail, statistics and the admin-amended calendar. */
export const oversightRoutes = new Hono<AppEnv>()

  .get('/dossiers/:code/audit', allow('auditor'), async (c) => c.json(await c.var.services.audit.forDossier(c.var.user, c.req.param('code'))))
  .get('/audit/verify', allow('auditor', 'admin'), async (c) => {
    const { from } = verifyQuery.parse(c.req.query());
    return c.json(await c.var.services.audit.verify({ sinceCheckpoint: from === 'checkpoint' }));
  })
  .get('/stats', allow('leader', 'auditor', 'admin'), async (c) => {
    const q = statsQuery.parse(c.req.query());
    return c.json(await c.var.services.stats.compute(q.from, q.to));
  })
  .get('/calendar/:year', allow(...STAFF), async (c) => {
    const year = z.object({ year: z.coerce.number().int().min(1900).max(2199) }).parse({ year: c.req.param('year') }).year;
    return c.json(await c.var.services.calendar.year(year));
  })
  .put('/calendar/overrides', allow('admin'), async (c) => {
    const body = override.parse(await readJson(c));
    return c.json(await c.var.services.calendar.upsert(c.var.user, body));
  })
  .delete('/calendar/overrides/:date', allow('admin'), async (c) => c.json(await c.var.services.calendar.remove(c.var.user, c.req.param('date'))));
