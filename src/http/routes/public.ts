import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { clientAddress, pdfResponse } from '../context';
import { JSON_TYPE, sendAnswer, type Answer } from '../answer-cache';
import type { Answers } from '../request-counts';
import type { Services } from '../services';

/**
 * The citizen's view of a dossier as its JSON answer, kept (src/http/answer-cache.ts): the same
 * for everyone, by code alone. The lookup page renders from it too, so the API and the page
 * share one read of each dossier.
 */
export function publicAnswer({ answers, services }: { answers: Answers; services: Services }, code: string): Promise<Answer> {
  return answers.get(`public:${code}`, async () => ({ text: JSON.stringify(await services.dossiers.publicGet(code)) }));
}

/** No login: what a citizen with the slip's code may see. Never ID, phone or address. */
export const publicApi = new Hono<AppEnv>()
  .get('/public/dossiers/:code', async (c) => sendAnswer(c, await publicAnswer(c.var, c.req.param('code')), JSON_TYPE))
  // The domain checks the proof and throttles failures; the route only passes them on.
  .get('/public/dossiers/:code/result', async (c) => {
    const code = c.req.param('code');
    const proof = { key: c.req.query('k'), idLast4: c.req.query('idLast4') };
    return pdfResponse(await c.var.services.dossiers.publicResult(code, proof, clientAddress(c)), `ket-qua-${code}.pdf`, false);
  });
