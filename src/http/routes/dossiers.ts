import { Hono } from 'hono';
import { z } from 'zod';
import { applicantSchema } from '../../dossiers/applicant';
import { STATUSES } from '../../dossiers/state-machine';
import { allow, STAFF, type AppEnv } from '../context';
import { JSON_TYPE, sendAnswer } from '../answer-cache';
import { jsonField, readMultipart } from '../multipart';

const receptionFields = applicantSchema.extend({
  procedureCode: z.string().min(1, 'procedureCode is required'),
  channel: z.enum(['direct', 'online', 'post']).default('direct'),
});

/** Optional per-file metadata, in the order of the files: [{name?, kind?, copies?}]. */
const documentMeta = z
  .array(z.object({ name: z.string().max(200).optional(), kind: z.enum(['original', 'certified_copy', 'copy']).optional(), copies: z.number().int().min(1).max(100).optional() }))
  .optional();

const listQuery = z.object({
  // An unknown status is a typo to report, not a filter that silently matches nothing.
  status: z.enum(STATUSES, { error: (i) => `status must be one of ${STATUSES.join(', ')}, not '${String(i.input)}'` }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const workListQuery = z.object({
  status: z.string().max(40).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const dossierRoutes = new Hono<AppEnv>()

  .get('/procedures', async (c) => c.json({ procedures: await c.var.services.procedures.list() }))
  .post('/dossiers', allow('reception'), async (c) => {
    const form = await readMultipart(c);
    const fields = receptionFields.parse(form.fields);
    const meta = documentMeta.parse(jsonField(form.fields, 'documents')) ?? [];
    const reuse = z.array(z.string()).optional().parse(jsonField(form.fields, 'reuseDocumentIds'));
    const files = form.files
      .filter((f) => f.field === 'files')
      .map((f, i) => ({ name: meta[i]?.name ?? f.name, bytes: f.bytes, kind: meta[i]?.kind, copies: meta[i]?.copies }));
    const { procedureCode, channel, ...applicant } = fields;
    const created = await c.var.services.dossiers.receive(c.var.user, { procedureCode, channel, applicant, files, reuseDocumentIds: reuse });
    return c.json(created, 201);
  })
  // Both lists are kept between requests (src/http/answer-cache.ts), keyed by all they depend
  // on: the role (whose queue; what it may see) and the query. Nothing in them names the user.
  .get('/dossiers', allow(...STAFF), async (c) => {
    const q = listQuery.parse(c.req.query());
    const answer = await c.var.answers.get(`list:${c.var.user.role}:${q.status ?? ''}:${q.limit}`, async () => ({
      text: JSON.stringify({ dossiers: await c.var.services.dossiers.list(c.var.user, q) }),
    }));
    return sendAnswer(c, answer, JSON_TYPE);
  })
  // The signed-in user's own queue (what the web desk's home page shows), paged.
  .get('/work-list', allow(...STAFF), async (c) => {
    const q = workListQuery.parse(c.req.query());
    const answer = await c.var.answers.get(`work:${c.var.user.role}:${q.status ?? ''}:${q.page}:${q.pageSize}`, async () => {
      const { list, holdsUntil } = await c.var.services.dossiers.workListHolding(c.var.user, q);
      return { text: JSON.stringify(list), validUntil: holdsUntil };
    });
    return sendAnswer(c, answer, JSON_TYPE);
  })
  .get('/dossiers/find', allow(...STAFF), async (c) => {
    const { q } = z.object({ q: z.string().min(1, 'q is required').max(200) }).parse(c.req.query());
    return c.json({ dossiers: await c.var.services.dossiers.find(c.var.user, q) });
  })
  .get('/dossiers/:code', allow(...STAFF), async (c) => c.json(await c.var.services.dossiers.get(c.var.user, c.req.param('code'))))
  .get('/citizens/:id/documents', allow('reception'), async (c) => c.json({ documents: await c.var.services.dossiers.citizenDocuments(c.var.user, c.req.param('id')) }));
