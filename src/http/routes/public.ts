import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { clientAddress, pdfResponse } from '../context';
import { JSON_TYPE, sendAnswer } from '../answer-cache';

/** No login: what a citizen with the slip's code may see. Never ID, phone or address. */
export const publicApi = new Hono<AppEnv>()
  // Kept between requests (src/http/answer-cache.ts): the same for everyone, by code alone.
  .get('/public/dossiers/:code', async (c) => {
    const code = c.req.param('code');
    const answer = await c.var.answers.get(`public:${code}`, async () => ({ text: JSON.stringify(await c.var.services.dossiers.publicGet(code)) }));
    return sendAnswer(c, answer, JSON_TYPE);
  })
  // The domain checks the proof and throttles failures; the route only passes them on.
  .get('/public/dossiers/:code/result', async (c) => {
    const code = c.req.param('code');
    const proof = { key: c.req.query('k'), idLast4: c.req.query('idLast4') };
    return pdfResponse(await c.var.services.dossiers.publicResult(code, proof, clientAddress(c)), `ket-qua-${code}.pdf`, false);
  });
