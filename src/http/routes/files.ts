import { Hono } from 'hono';
import { InvalidInputError } from '../../shared/errors';
import { allow, pdfResponse, type AppEnv } from '../context';

const SLIP_KINDS = ['supplement-request', 'refusal', 'apology', 'stop-notice', 'process-control'] as const;

/** PDFs of a dossier: the appointment slip, the other slips, the result and the documents. */
export const fileRoutes = new Hono<AppEnv>()

  .get('/dossiers/:code/receipt', allow('reception', 'specialist', 'leader', 'clerk'), async (c) => {
    const code = c.req.param('code');
    return pdfResponse(await c.var.services.slips.render(c.var.user, code, 'appointment'), `giay-hen-${code}.pdf`);
  })
  .get('/dossiers/:code/slips/:kind', allow('reception', 'specialist', 'leader', 'clerk', 'auditor'), async (c) => {
    const kind = c.req.param('kind') as (typeof SLIP_KINDS)[number];
    if (!SLIP_KINDS.includes(kind)) throw new InvalidInputError('unknown_slip_kind', `kind (in the path): no slip '${kind}'; the kinds are ${SLIP_KINDS.join(', ')}`);
    const code = c.req.param('code');
    return pdfResponse(await c.var.services.slips.render(c.var.user, code, kind), `${kind}-${code}.pdf`);
  })
  // Not auditors or admins: the signed PDF names the citizen and cannot be masked (its report is open to auditors).
  .get('/dossiers/:code/result', allow('reception', 'specialist', 'leader', 'clerk'), async (c) => {
    const code = c.req.param('code');
    return pdfResponse(await c.var.services.dossiers.result(c.var.user, code), `ket-qua-${code}.pdf`);
  })
  .get('/dossiers/:code/documents/:id/source', allow('reception', 'specialist', 'leader', 'clerk'), async (c) => {
    const { bytes, mime, name, inline } = await c.var.services.dossiers.sourceDocument(c.var.user, c.req.param('code'), c.req.param('id'));
    return new Response(bytes, {
      headers: {
        'content-type': mime,
        'content-disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(name)}`,
        'x-content-type-options': 'nosniff', // the browser must not guess a type the bytes were not checked for
        'cache-control': 'no-store',
      },
    });
  })
  .get('/dossiers/:code/documents/:id/certified', allow('reception', 'specialist', 'leader', 'clerk'), async (c) => {
    const pdf = await c.var.services.dossiers.certifiedCopy(c.var.user, c.req.param('code'), c.req.param('id'));
    return pdfResponse(pdf, `ban-sao-chung-thuc-${c.req.param('id')}.pdf`);
  })
  .get('/dossiers/:code/documents/:id/text', allow('reception', 'specialist', 'leader', 'clerk'), async (c) =>
    c.json(await c.var.services.dossiers.documentText(c.var.user, c.req.param('code'), c.req.param('id'))),
  )
  .get('/dossiers/:code/documents/:id', allow('reception', 'specialist', 'leader', 'clerk'), async (c) => {
    const pdf = await c.var.services.dossiers.searchableDocument(c.var.user, c.req.param('code'), c.req.param('id'));
    return pdfResponse(pdf, `${c.req.param('id')}.pdf`);
  });
