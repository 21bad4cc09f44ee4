import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppraisalInput } from '../../dossiers/workflow';
import { InvalidInputError, isTaichoError, type TaichoError } from '../../shared/errors';
import { caseMessage } from '../case-messages';
import { CsrfInput, ErrorSummary, errorFor, Notice, TextField, type FieldError } from '../components';
import { csrfFor } from '../csrf';
import { page } from '../render';
import { requireRole, type WebEnv } from '../session';
import { AppraisalDocuments } from './appraisal-documents';
import { CaseQueue, CaseSubNav, CaseSummary, PdfFrame, TextArea, Timeline, type CaseView } from './case-parts';

/**
 * Thẩm định: the specialist's queue and the case page where a dossier is decided — accept (with
 * the result's title and body, previewed as the PDF it will be), ask for a supplement (the
 * missing items, one per line) or reject (with the reason). The rules are the domain's: this
 * page only maps its refusals to the fields they concern.
 */
const DONE_WORDS = { accept: 'Đã chấp nhận; kết quả chuyển lãnh đạo phê duyệt.', supplement: 'Đã yêu cầu bổ sung; hồ sơ chuyển bộ phận một cửa.', reject: 'Đã từ chối giải quyết.' } as const;
const PAGE_SIZE = 25;
const queueQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
  done: z.string().max(60).optional().catch(undefined),
  decision: z.enum(['accept', 'supplement', 'reject']).optional().catch(undefined),
});

/** What was typed in the three decision forms, kept across a failed submit. */
interface Typed {
  title?: string;
  body?: string;
  acceptNote?: string;
  missingItems?: string;
  supplementNote?: string;
  reason?: string;
}

/** Which field each domain refusal concerns; anything else is shown against the decision's button. */
const FIELD_OF: Record<string, string> = {
  missing_items_required: 'missing-items',
  reason_required: 'reject-reason',
};
const BUTTON_OF = { accept: 'accept-submit', supplement: 'supplement-submit', reject: 'reject-submit' } as const;

const caseUrl = (code: string) => `/appraisal/${encodeURIComponent(code)}`;
const text = (form: FormData, name: string) => String(form.get(name) ?? '').normalize('NFC').trim();

export const appraisalPages = new Hono<WebEnv>()
  .use('/appraisal', requireRole('specialist'))
  .use('/appraisal/*', requireRole('specialist'))
  .get('/appraisal', async (c) => {
    const q = queueQuery.parse(c.req.query());
    const list = await c.var.services.dossiers.workList(c.var.user, { status: 'received', page: q.page, pageSize: PAGE_SIZE });
    return page(c, { title: 'Thẩm định hồ sơ' }, (
      <>
        {q.done && q.decision ? (
          <Notice tone="ok">
            Hồ sơ <span class="code">{q.done}</span>: {DONE_WORDS[q.decision]}
          </Notice>
        ) : null}
        <h1>Hồ sơ chờ thẩm định</h1>
        {list.items.length ? (
          <CaseQueue items={list.items} caption={`${list.total} hồ sơ chờ thẩm định, hạn sớm nhất trước`} linkTo={caseUrl} />
        ) : (
          <p class="lead">Không có hồ sơ nào chờ thẩm định.</p>
        )}
        {list.total > q.page * PAGE_SIZE || q.page > 1 ? (
          <nav class="pagination" aria-label="Phân trang">
            {q.page > 1 ? <a href={`/appraisal?page=${q.page - 1}`}>‹ Trang trước</a> : null}
            <span>Trang {q.page}/{Math.max(1, Math.ceil(list.total / PAGE_SIZE))}</span>
            {list.total > q.page * PAGE_SIZE ? <a href={`/appraisal?page=${q.page + 1}`}>Trang sau ›</a> : null}
          </nav>
        ) : null}
      </>
    ));
  })
  .get('/appraisal/:code', (c) => casePage(c, {}, []))
  .post('/appraisal/:code', async (c) => {
    const form = await c.req.formData();
    const parsed = z.enum(['accept', 'supplement', 'reject']).safeParse(form.get('decision'));
    if (!parsed.success) throw new InvalidInputError('decision_required', 'Chọn một quyết định thẩm định: Chấp nhận, Yêu cầu bổ sung hoặc Từ chối.');
    const decision = parsed.data;
    const typed: Typed = {
      title: text(form, 'result-title'),
      body: text(form, 'result-body'),
      acceptNote: text(form, 'accept-note'),
      missingItems: text(form, 'missing-items'),
      supplementNote: text(form, 'supplement-note'),
      reason: text(form, 'reject-reason'),
    };
    const code = c.req.param('code');
    try {
      await c.var.services.dossiers.appraise(c.var.user, code, toInput(decision, typed));
    } catch (e) {
      if (!isTaichoError(e) || ![400, 409].includes(e.httpStatus)) throw e;
      return casePage(c, typed, [{ field: FIELD_OF[e.code] ?? BUTTON_OF[decision], message: caseMessage(e) }], e.httpStatus as 400 | 409);
    }
    return c.redirect(`/appraisal?${new URLSearchParams({ done: code, decision })}`, 303);
  })
  // The result PDF accepting would make, shown in the page's preview frame (the form targets it).
  .post('/appraisal/:code/preview', async (c) => {
    const form = await c.req.formData();
    const code = c.req.param('code');
    try {
      const pdf = await c.var.services.dossiers.previewResult(c.var.user, code, { title: text(form, 'result-title'), body: text(form, 'result-body') });
      return c.body(pdf as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="xem-truoc-${code}.pdf"`, 'cache-control': 'no-store' });
    } catch (e) {
      if (!isTaichoError(e) || ![400, 409].includes(e.httpStatus)) throw e;
      return frameMessage(c, e);
    }
  });

function toInput(decision: AppraisalInput['decision'], t: Typed): AppraisalInput {
  if (decision === 'accept') return { decision, note: t.acceptNote ?? '', result: { title: t.title ?? '', body: t.body ?? '' } };
  if (decision === 'supplement') {
    const missingItems = (t.missingItems ?? '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
    return { decision, note: t.supplementNote ?? '', missingItems };
  }
  return { decision, note: t.reason ?? '' };
}

/** A short page inside the preview frame saying why there is nothing to preview (never JSON). */
function frameMessage(c: Context<WebEnv>, e: TaichoError) {
  return c.html(`<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Chưa xem trước được</title></head><body><p>${escapeHtml(caseMessage(e))}</p></body></html>`, e.httpStatus as 400);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

async function casePage(c: Context<WebEnv>, typed: Typed, errors: FieldError[], status: 200 | 400 | 409 = 200) {
  const code = c.req.param('code') ?? '';
  const view = await c.var.services.dossiers.get(c.var.user, code);
  const texts = await Promise.all(view.documents.map(async (d) => (d.status === 'done' ? (await c.var.services.dossiers.documentText(c.var.user, code, d.id)).pages : [])));
  const template = (await c.var.services.procedures.list()).find((p) => p.code === view.procedure.code)?.resultTemplate.title ?? '';
  return page(c, { title: `Thẩm định ${view.code}`, status, scripts: ['appraisal.js'] }, (
    <>
      <ErrorSummary errors={errors} />
      <span class="caption">Thẩm định hồ sơ</span>
      <h1 class="code">{view.code}</h1>
      <CaseSubNav items={[{ href: '#thong-tin', text: 'Thông tin' }, { href: '#giay-to', text: 'Giấy tờ' }, { href: '#quyet-dinh', text: 'Quyết định' }, { href: '#qua-trinh', text: 'Quá trình xử lý' }]} />
      <h2 id="thong-tin">Thông tin hồ sơ</h2>
      <CaseSummary view={view} contact={false} />
      <h2 id="giay-to">Giấy tờ đã số hóa</h2>
      <AppraisalDocuments view={view} texts={texts} />
      <h2 id="quyet-dinh">Quyết định thẩm định</h2>
      {view.status === 'received' ? <Decision view={view} typed={typed} errors={errors} template={template} csrf={csrfFor(c)} /> : <p class="lead">Hồ sơ không còn ở bước thẩm định.</p>}
      <h2 id="qua-trinh">Quá trình xử lý</h2>
      <Timeline view={view} />
    </>
  ));
}

function Decision({ view, typed, errors, template, csrf }: { view: CaseView; typed: Typed; errors: FieldError[]; template: string; csrf: string }) {
  const action = caseUrl(view.code);
  const buttonError = (id: string) => (errors.some((e) => e.field === id) ? <p class="error-message">{errorFor(errors, id)}</p> : null);
  return (
    <div class="decisions">
      <form method="post" action={action} class="decision" aria-labelledby="accept-heading" novalidate>
        <h3 id="accept-heading">Chấp nhận</h3>
        <CsrfInput token={csrf} />
        <input type="hidden" name="decision" value="accept" />
        <TextField id="result-title" label="Tiêu đề văn bản kết quả" value={typed.title || template} error={errorFor(errors, 'result-title')} />
        <TextArea id="result-body" label="Nội dung văn bản kết quả" hint="Mỗi đoạn cách nhau một dòng trống." value={typed.body} error={errorFor(errors, 'result-body')} rows={7} />
        <TextArea id="accept-note" label="Ghi chú thẩm định (không bắt buộc)" value={typed.acceptNote} rows={2} />
        <div class="actions">
          <button type="submit" class="button button--secondary" formaction={`${action}/preview`} formtarget="result-preview">
            Xem trước kết quả
          </button>
          <button type="submit" class="button" id="accept-submit">
            Chấp nhận
          </button>
        </div>
        {buttonError('accept-submit')}
        <PdfFrame title="Xem trước văn bản kết quả" name="result-preview">
          <p class="hint">Bấm “Xem trước kết quả” để xem văn bản PDF sẽ trình lãnh đạo ký, trước khi chấp nhận.</p>
        </PdfFrame>
      </form>
      <form method="post" action={action} class="decision" aria-labelledby="supplement-heading" novalidate>
        <h3 id="supplement-heading">Yêu cầu bổ sung</h3>
        <CsrfInput token={csrf} />
        <input type="hidden" name="decision" value="supplement" />
        <TextArea id="missing-items" label="Giấy tờ cần bổ sung" hint="Mỗi dòng một giấy tờ." value={typed.missingItems} error={errorFor(errors, 'missing-items')} rows={4} />
        <TextArea id="supplement-note" label="Hướng dẫn cho người nộp (không bắt buộc)" value={typed.supplementNote} rows={2} />
        <button type="submit" class="button button--secondary" id="supplement-submit">
          Yêu cầu bổ sung
        </button>
        {buttonError('supplement-submit')}
      </form>
      <form method="post" action={action} class="decision" aria-labelledby="reject-heading" novalidate>
        <h3 id="reject-heading">Từ chối</h3>
        <CsrfInput token={csrf} />
        <input type="hidden" name="decision" value="reject" />
        <TextArea id="reject-reason" label="Lý do từ chối" value={typed.reason} error={errorFor(errors, 'reject-reason')} rows={3} />
        <button type="submit" class="button button--warning" id="reject-submit">
          Từ chối
        </button>
        {buttonError('reject-submit')}
      </form>
    </div>
  );
}
