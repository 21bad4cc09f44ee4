import { Hono } from 'hono';
import { z } from 'zod';
import { allow, STAFF, type AppEnv } from '../context';

const statsQuery = z.object({
  from: z.string().datetime({ offset: true }).or(z.string().date()).optional(),
  to: z.string().datetime({ offset: true }).or(z.string().date()).optional(),
});
const override = z.object({ date: z.string(), kind: z.enum(['holiday', 'workday']), name: z.string().min(1).max(200) });

/** Audit trail, statistics and the admin-amended calendar. */
export const oversightRoutes = new Hono<AppEnv>()

  .get('/dossiers/:code/audit', allow('auditor'), (c) => c.json(c.var.services.audit.forDossier(c.var.user, c.req.param('code'))))
  .get('/audit/verify', allow('auditor', 'admin'), (c) => c.json(c.var.services.audit.verify()))
  .get('/stats', allow('leader', 'auditor', 'admin'), (c) => {
    const q = statsQuery.parse(c.req.query());
    return c.json(c.var.services.stats.compute(q.from, q.to));
  })
  .get('/calendar/:year', allow(...STAFF), (c) => {
    const year = z.coerce.number().int().min(1900).max(2199).parse(c.req.param('year'));
    return c.json(c.var.services.calendar.year(year));
  })
  .put('/calendar/overrides', allow('admin'), async (c) => {
    const body = override.parse(await c.req.json().catch(() => ({})));
    return c.json(c.var.services.calendar.upsert(c.var.user, body));
  })
  .delete('/calendar/overrides/:date', allow('admin'), (c) => c.json(c.var.services.calendar.remove(c.var.user, c.req.param('date'))));
