import { Hono, type Context } from 'hono';
import type { Child } from 'hono/jsx';
import { z } from 'zod';
import { CsrfInput, TextArea } from '../components';
import { csrfFor } from '../csrf';
import { actionMessage, uploadError } from '../messages';
import { requireRole, type WebEnv } from '../session';
import { dossierPage, mayTake, type ActionError, type DossierView } from './dossier';
import { FileInputs, filesOf } from './file-inputs';
import { readForm } from '../form';

/**
 * Reception's actions on a dossier: take a supplement (bổ sung), return the result with the
 * citizen's rating (trả kết quả), record a withdrawal (rút hồ sơ). Shown only when the state
 * machine allows them for this role now; each error is shown beside its own form.
 */
function ErrorLine({ error, action, id }: { error?: ActionError; action: string; id: string }) {
  if (error?.action !== action) return null;
  return (
    <span class="error-message" id={id} role="alert">
      <span class="visually-hidden">Lỗi: </span>
      {error.message}
    </span>
  );
}

/** One action's section: heading, CSRF, its fields, the button; `files` posts multipart and keeps the typed files on a failure. */
function ActionForm(p: { id: string; title: string; action: string; csrf: string; submit: string; warning?: boolean; files?: boolean; children: Child }) {
  return (
    <section aria-labelledby={`${p.id}-title`}>
      <h2 id={`${p.id}-title`}>{p.title}</h2>
      <form method="post" action={p.action} enctype={p.files ? 'multipart/form-data' : undefined} novalidate data-keep-on-error={p.files || undefined}>
        <CsrfInput token={p.csrf} />
        {p.children}
        <button type="submit" class={p.warning ? 'button button--warning' : 'button'}>
          {p.submit}
        </button>
      </form>
    </section>
  );
}

export function ReceptionActions({ c, view, error, values }: { c: Context<WebEnv>; view: DossierView; error?: ActionError; values: Record<string, string> }) {
  const role = c.var.user.role;
  const base = `/dossiers/${encodeURIComponent(view.code)}`;
  const csrf = csrfFor(c);
  return (
    <>
      {mayTake(view, role, 'supplement') ? (
        <ActionForm id="supplement" title="Tiếp nhận hồ sơ bổ sung" action={`${base}/supplement`} csrf={csrf} submit="Tiếp nhận bổ sung" files>
          <FileInputs documents={[]} legend="Giấy tờ bổ sung" error={error?.action === 'supplement' ? error.message : undefined} />
          <TextArea id="supplement-note" name="note" label="Ghi chú" value={values.note} />
        </ActionForm>
      ) : null}
      {mayTake(view, role, 'return') ? (
        <ActionForm id="return" title="Trả kết quả" action={`${base}/return`} csrf={csrf} submit="Trả kết quả">
          <ErrorLine error={error} action="return" id="return-error" />
          <fieldset>
            <legend>Đánh giá của công dân (không bắt buộc)</legend>
            <div class="choices">
              {[1, 2, 3, 4, 5].map((n) => (
                <label class="choice">
                  <input type="radio" name="rating" value={String(n)} checked={values.rating === String(n)} /> {n} sao
                </label>
              ))}
            </div>
          </fieldset>
          <TextArea id="return-note" name="note" label="Ghi chú" value={values.note} />
        </ActionForm>
      ) : null}
      {mayTake(view, role, 'withdraw') ? (
        <ActionForm id="withdraw" title="Rút hồ sơ" action={`${base}/withdraw`} csrf={csrf} submit="Rút hồ sơ" warning>
          <TextArea id="withdraw-reason" name="reason" label="Lý do rút hồ sơ" value={values.reason} error={error?.action === 'withdraw' ? error.message : undefined} />
        </ActionForm>
      ) : null}
    </>
  );
}

const text = (max: number) => z.string().transform((s) => s.normalize('NFC').trim()).pipe(z.string().max(max));

/** Runs an action; a refusal the user can act on re-renders the page with the message beside its form. */
async function act(c: Context<WebEnv>, action: ActionError['action'], values: Record<string, string>, run: (code: string) => Promise<unknown> | unknown) {
  const code = c.req.param('code')!;
  try {
    await run(code);
    return c.redirect(`/dossiers/${encodeURIComponent(code)}?${new URLSearchParams({ done: action })}`, 303);
  } catch (e) {
    const upload = action === 'supplement' ? uploadError(e, 'files-other', c.var.services.settings) : undefined;
    const message = upload?.message ?? actionMessage(e);
    if (!message) throw e;
    return dossierPage(c, code, { error: { action, message }, values, status: 400 });
  }
}

export const receptionActionPages = new Hono<WebEnv>()
  .post('/dossiers/:code/supplement', requireRole('reception'), async (c) => {
    const form = await readForm(c);
    const note = text(2000).parse(String(form.get('note') ?? ''));
    const files = await filesOf(form, []);
    return act(c, 'supplement', { note }, (code) => c.var.services.dossiers.supplement(c.var.user, code, files, note || null));
  })
  .post('/dossiers/:code/return', requireRole('reception'), async (c) => {
    const form = await readForm(c);
    const rating = String(form.get('rating') ?? '');
    const note = text(2000).parse(String(form.get('note') ?? ''));
    const input = { rating: /^[1-5]$/.test(rating) ? Number(rating) : undefined, note: note || undefined };
    return act(c, 'return', { rating, note }, (code) => c.var.services.dossiers.returnResult(c.var.user, code, input));
  })
  .post('/dossiers/:code/withdraw', requireRole('reception'), async (c) => {
    const form = await readForm(c);
    const reason = text(2000).parse(String(form.get('reason') ?? ''));
    if (!reason) return dossierPage(c, c.req.param('code'), { error: { action: 'withdraw', message: 'Nhập lý do rút hồ sơ' }, status: 400 });
    return act(c, 'withdraw', { reason }, (code) => c.var.services.dossiers.withdraw(c.var.user, code, reason));
  });
