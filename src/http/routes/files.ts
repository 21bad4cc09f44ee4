import { Hono } from 'hono';
import { z } from 'zod';
import { allow, pdfResponse, STAFF, type AppEnv } from '../context';

const SLIP_KINDS = ['supplement-request', 'refusal', 'apology', 'stop-notice', 'process-control'] as const;

/** PDFs of a dossier: the appointment slip, the other slips, the result and the documents. */
export const fileRoutes = new Hono<AppEnv>()

  .get('/dossiers/:code/receipt', allow('reception', 'specialist', 'leader', 'clerk'), async (c) => {
    const code = c.req.param('code');
    return pdfResponse(await c.var.services.slips.render(c.var.user, code, 'appointment'), `giay-hen-${code}.pdf`);
  })
  .get('/dossiers/:code/slips/:kind', allow('reception', 'specialist', 'leader', 'clerk', 'auditor'), async (c) => {
    const kind = z.enum(SLIP_KINDS).parse(c.req.param('kind'));
    const code = c.req.param('code');
    return pdfResponse(await c.var.services.slips.render(c.var.user, code, kind), `${kind}-${code}.pdf`);
  })
  .get('/dossiers/:code/result', allow(...STAFF), async (c) => {
    const code = c.req.param('code');
    return pdfResponse(await c.var.services.dossiers.result(c.var.user, code), `ket-qua-${code}.pdf`);
  })
  .get('/dossiers/:code/documents/:id/source', allow('reception', 'specialist', 'leader', 'clerk'), async (c) => {
    const { bytes, mime, name } = await c.var.services.dossiers.sourceDocument(c.var.user, c.req.param('code'), c.req.param('id'));
    return new Response(bytes, { headers: { 'content-type': mime, 'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(name)}`, 'cache-control': 'no-store' } });
  })
  .get('/dossiers/:code/documents/:id/certified', allow('reception', 'specialist', 'leader', 'clerk'), async (c) => {
    const pdf = await c.var.services.dossiers.certifiedCopy(c.var.user, c.req.param('code'), c.req.param('id'));
    return pdfResponse(pdf, `ban-sao-chung-thuc-${c.req.param('id')}.pdf`);
  })
  .get('/dossiers/:code/documents/:id/text', allow('reception', 'specialist', 'leader', 'clerk'), (c) =>
    c.json(c.var.services.dossiers.documentText(c.var.user, c.req.param('code'), c.req.param('id'))),
  )
  .get('/dossiers/:code/documents/:id', allow('reception', 'specialist', 'leader', 'clerk'), async (c) => {
    const pdf = await c.var.services.dossiers.searchableDocument(c.var.user, c.req.param('code'), c.req.param('id'));
    return pdfResponse(pdf, `${c.req.param('id')}.pdf`);
  });
