import { Hono } from 'hono';
import { z } from 'zod';
import type { BatchOutcome } from '../../dossiers/batch-signing';
import { allow, pdfResponse, type AppEnv } from '../context';
import { fromBase64 } from '../base64';
import { readJson as json } from '../json-body';
import { readMultipart } from '../multipart';

const text = (max: number) => z.string().transform((s) => s.normalize('NFC').trim()).pipe(z.string().min(1, 'must not be empty').max(max));
/** An optional remark: missing, empty and blank are the same thing (no remark). */
const remark = (max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().max(max))
    .optional()
    .transform((s) => s || undefined);

const appraisalBody = z.discriminatedUnion('decision', [
  // Left out, the result's title and opening come from the procedure's result template.
  z.object({ decision: z.literal('accept'), note: remark(2000), result: z.object({ title: remark(300), body: remark(20000) }).optional() }),
  z.object({ decision: z.literal('supplement'), note: text(2000), missingItems: z.array(text(500)).min(1) }),
  z.object({ decision: z.literal('reject'), note: text(2000) }),
]);
const resultBody = z.object({ result: z.object({ title: text(300), body: text(20000) }) });
const batchBody = z.object({ codes: z.array(z.string().min(1).max(60)).min(1).max(100), pin: z.string().min(1, 'pin is required').max(64) });
const pinBody = z.object({ pin: z.string().min(1, 'pin is required').max(64) });
const completeBody = z.object({
  sessionId: z.string().uuid(),
  /** The signature value over the prepared digest, base64 (RSA PKCS#1 v1.5, or ECDSA DER or r||s). */
  signature: z.string().regex(/^[A-Za-z0-9+/=\s]+$/, 'signature must be base64').transform(fromBase64),
});
const returnBody = z.object({ rating: z.number().int().min(1).max(5).optional(), note: remark(2000) });
const withdrawBody = z.object({ reason: text(2000) });
const apologyBody = z.object({ reason: text(2000), newAppointmentAt: z.union([z.number().int(), z.string().datetime({ offset: true }).transform((s) => Date.parse(s))]) });


function batchReport(results: BatchOutcome[]) {
  return { results, signed: results.filter((r) => r.outcome === 'signed').length, failed: results.filter((r) => r.outcome === 'failed').length };
}

/** Each route is one state-machine action (or a notice), delegated to the dossier service. */
export const workflowRoutes = new Hono<AppEnv>()

  .post('/dossiers/:code/appraisal', allow('specialist'), async (c) => {
    const body = appraisalBody.parse(await json(c));
    return c.json(await c.var.services.dossiers.appraise(c.var.user, c.req.param('code'), body));
  })
  // What accepting would produce, as a PDF, before the specialist commits to it.
  .post('/dossiers/:code/appraisal/preview', allow('specialist'), async (c) => {
    const { result } = resultBody.parse(await json(c));
    const code = c.req.param('code');
    return pdfResponse(await c.var.services.dossiers.previewResult(c.var.user, code, result), `xem-truoc-ket-qua-${code}.pdf`);
  })
  .post('/dossiers/:code/supplement', allow('reception'), async (c) => {
    const form = await readMultipart(c);
    const files = form.files.filter((f) => f.field === 'files').map((f) => ({ name: f.name, bytes: f.bytes }));
    return c.json(await c.var.services.dossiers.supplement(c.var.user, c.req.param('code'), files, form.fields.note?.normalize('NFC').trim() || null));
  })
  .post('/dossiers/:code/approval', allow('leader'), async (c) => {
    const { pin } = pinBody.parse(await json(c));
    return c.json(await c.var.services.dossiers.sign(c.var.user, c.req.param('code'), 'approval', pin));
  })
  .post('/dossiers/:code/seal', allow('clerk'), async (c) => {
    const { pin } = pinBody.parse(await json(c));
    return c.json(await c.var.services.dossiers.sign(c.var.user, c.req.param('code'), 'seal', pin));
  })
  // Batch signing with one PIN: the outcome per dossier (signed, or failed with the reason).
  .post('/approval/batch', allow('leader'), async (c) => {
    const { codes, pin } = batchBody.parse(await json(c));
    return c.json(batchReport(await c.var.services.dossiers.signBatch(c.var.user, codes, 'approval', pin)));
  })
  .post('/seal/batch', allow('clerk'), async (c) => {
    const { codes, pin } = batchBody.parse(await json(c));
    return c.json(batchReport(await c.var.services.dossiers.signBatch(c.var.user, codes, 'seal', pin)));
  })
  // Two-step signing for keys outside the server (USB token, HSM, remote signing service).
  .post('/dossiers/:code/approval/prepare', allow('leader'), async (c) => c.json(await c.var.services.dossiers.prepareExternal(c.var.user, c.req.param('code'), 'approval')))
  .post('/dossiers/:code/approval/complete', allow('leader'), async (c) => {
    const body = completeBody.parse(await json(c));
    return c.json(await c.var.services.dossiers.completeExternal(c.var.user, c.req.param('code'), 'approval', body.sessionId, body.signature));
  })
  .post('/dossiers/:code/seal/prepare', allow('clerk'), async (c) => c.json(await c.var.services.dossiers.prepareExternal(c.var.user, c.req.param('code'), 'seal')))
  .post('/dossiers/:code/seal/complete', allow('clerk'), async (c) => {
    const body = completeBody.parse(await json(c));
    return c.json(await c.var.services.dossiers.completeExternal(c.var.user, c.req.param('code'), 'seal', body.sessionId, body.signature));
  })
  .post('/dossiers/:code/documents/:id/certify', allow('reception'), async (c) => {
    const { pin } = pinBody.parse(await json(c));
    return c.json(await c.var.services.dossiers.certify(c.var.user, c.req.param('code'), c.req.param('id'), pin), 201);
  })
  .post('/dossiers/:code/return', allow('reception'), async (c) => {
    const body = returnBody.parse(await json(c));
    return c.json(await c.var.services.dossiers.returnResult(c.var.user, c.req.param('code'), body));
  })
  .post('/dossiers/:code/withdraw', allow('reception'), async (c) => {
    const { reason } = withdrawBody.parse(await json(c));
    return c.json(await c.var.services.dossiers.withdraw(c.var.user, c.req.param('code'), reason));
  })
  .post('/dossiers/:code/apology', allow('specialist', 'leader', 'reception'), async (c) => {
    const body = apologyBody.parse(await json(c));
    return c.json(await c.var.services.dossiers.apology(c.var.user, c.req.param('code'), body));
  });
