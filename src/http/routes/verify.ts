import { Hono, type Context } from 'hono';
import { InvalidInputError } from '../../shared/errors';
import { REPORT_HTML_CSP } from '../../verify/report-html';
import type { VerificationReport } from '../../verify/types';
import { allow, pdfResponse, type AppEnv } from '../context';
import { readMultipart } from '../multipart';

/** One report, three renderings: JSON for programs, HTML for auditors, PDF to file. */
async function respond(c: Context<AppEnv>, report: VerificationReport, subject: string) {
  const format = c.req.query('format') ?? 'json';
  if (format === 'html') return c.html(c.var.services.verifier.html(report, subject), 200, { 'content-security-policy': REPORT_HTML_CSP });
  if (format === 'pdf') return pdfResponse(await c.var.services.verifier.pdf(report, subject), 'bao-cao-kiem-tra-chu-ky.pdf');
  if (format !== 'json') throw new InvalidInputError('bad_format', 'format must be json, html or pdf');
  return c.json(report);
}

export const verifyRoutes = new Hono<AppEnv>()
  .post('/verify', allow('auditor', 'leader', 'clerk', 'specialist', 'reception'), async (c) => {
    const file = (await readMultipart(c)).files.find((f) => f.field === 'file');
    if (!file) throw new InvalidInputError('file_missing', "Send the PDF in the multipart field 'file'");
    return respond(c, await c.var.services.verifier.verify(file.bytes), file.name);
  })
  .get('/dossiers/:code/result/verification', allow('auditor', 'leader', 'clerk', 'specialist', 'reception'), async (c) => {
    const code = c.req.param('code');
    const pdf = await c.var.services.dossiers.resultForVerification(c.var.user, code);
    return respond(c, await c.var.services.verifier.verify(pdf), `ket-qua-${code}.pdf`);
  });
