import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../context';
import { pdfResponse } from '../context';

const resultQuery = z.object({ idLast4: z.string().regex(/^\d{4}$/, 'idLast4: the last 4 digits of the CCCD') });

/** No login: what a citizen with the slip's code may see. Never ID, phone or address. */
export const publicApi = new Hono<AppEnv>()
  .get('/public/dossiers/:code', (c) => c.json(c.var.services.dossiers.publicGet(c.req.param('code'))))
  .get('/public/dossiers/:code/result', async (c) => {
    const { idLast4 } = resultQuery.parse(c.req.query());
    const code = c.req.param('code');
    return pdfResponse(await c.var.services.dossiers.publicResult(code, idLast4), `ket-qua-${code}.pdf`, false);
  });
