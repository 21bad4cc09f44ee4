import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { applicantSchema } from '../../dossiers/applicant';
import type { Procedure } from '../../procedures/procedures';
import { CsrfInput, ErrorSummary, errorFor, TextField, type FieldError } from '../components';
import { csrfFor } from '../csrf';
import { fold } from '../fold';
import { CHANNEL_WORDS, formatVnd } from '../format';
import { applicantErrors, cccdMessage, uploadError } from '../messages';
import { page } from '../render';
import { requireRole, type WebEnv } from '../session';
import { describeFile, FileInputs, filesOf } from './file-inputs';
import { readForm } from '../form';

/**
 * Tiếp nhận hồ sơ. One thing per page: first the procedure (search by name or code), then the
 * applicant and the papers, each file under the document it is. Works without JavaScript;
 * reception.js filters the procedures as typed, checks the CCCD as typed and adds drag and drop.
 */
type Values = Partial<Record<'applicantName' | 'applicantId' | 'applicantPhone' | 'applicantAddress' | 'channel', string>>;

function ProcedurePicker({ procedures, q }: { procedures: Procedure[]; q: string }) {
  const shown = q ? procedures.filter((p) => fold(`${p.code} ${p.name} ${p.field}`).includes(fold(q))) : procedures;
  return (
    <>
      <form method="get" action="/reception/new" class="filters" role="search">
        <div class="field">
          <label for="q">Tìm thủ tục theo tên hoặc mã</label>
          <input type="search" id="q" name="q" value={q} data-filter-list="procedure-list" autocomplete="off" />
        </div>
        <button type="submit" class="button button--secondary">
          Tìm
        </button>
      </form>
      <ul class="checklist" id="procedure-list" aria-label="Thủ tục hành chính">
        {shown.map((p) => (
          <li data-search={fold(`${p.code} ${p.name} ${p.field}`)}>
            <a href={`/reception/new?procedure=${encodeURIComponent(p.code)}`}>{p.name}</a> <span class="hint">Mã {p.code} · {p.field} · {p.processingDays} ngày làm việc</span>
          </li>
        ))}
      </ul>
      {shown.length === 0 ? <p>Không có thủ tục nào khớp “{q}”.</p> : null}
    </>
  );
}

function ReceptionForm({ c, procedure, values, errors }: { c: Context<WebEnv>; procedure: Procedure; values: Values; errors: FieldError[] }) {
  const channel = values.channel ?? 'direct';
  return (
    <form method="post" action={`/reception/new?procedure=${encodeURIComponent(procedure.code)}`} enctype="multipart/form-data" novalidate data-keep-on-error>
      <CsrfInput token={csrfFor(c)} />
      <input type="hidden" name="procedureCode" value={procedure.code} />
      <dl class="summary-list">
        <dt>Thủ tục hành chính</dt>
        <dd>
          {procedure.name} <span class="hint">Mã {procedure.code} · {procedure.processingDays} ngày làm việc · {formatVnd(procedure.feeVnd)}</span>
          <a href="/reception/new">Đổi thủ tục</a>
        </dd>
      </dl>
      <fieldset>
        <legend>Người nộp hồ sơ</legend>
        <TextField id="applicantName" label="Họ và tên người nộp" value={values.applicantName} error={errorFor(errors, 'applicantName')} autocomplete="off" required />
        <TextField id="applicantId" label="Số CCCD / định danh cá nhân" hint="12 chữ số, kiểm tra ngay khi nhập" value={values.applicantId} error={errorFor(errors, 'applicantId')} inputmode="numeric" maxlength={12} class="input--short" required extra={{ 'data-check-cccd': '/reception/check-cccd', autocomplete: 'off' }} />
        <TextField id="applicantPhone" label="Số điện thoại" type="tel" value={values.applicantPhone} error={errorFor(errors, 'applicantPhone')} class="input--short" autocomplete="off" required />
        <TextField id="applicantAddress" label="Địa chỉ (không bắt buộc)" value={values.applicantAddress} error={errorFor(errors, 'applicantAddress')} autocomplete="off" />
        <fieldset>
          <legend>Hình thức nộp</legend>
          <div class="choices">
            {(Object.keys(CHANNEL_WORDS) as (keyof typeof CHANNEL_WORDS)[]).map((k) => (
              <label class="choice">
                <input type="radio" name="channel" value={k} checked={channel === k} /> {CHANNEL_WORDS[k]}
              </label>
            ))}
          </div>
        </fieldset>
      </fieldset>
      <FileInputs documents={procedure.requiredDocuments} error={errorFor(errors, 'files-0')} />
      <button type="submit" class="button">
        Tiếp nhận hồ sơ
      </button>
    </form>
  );
}

function formPage(c: Context<WebEnv>, procedure: Procedure, values: Values, errors: FieldError[], status: 200 | 400 | 413 | 415 = 200) {
  return page(c, { title: 'Tiếp nhận hồ sơ', scripts: ['reception.js'], status }, (
    <>
      <ErrorSummary errors={errors} />
      <h1>Tiếp nhận hồ sơ</h1>
      {errors.length ? <p class="notice" data-files-lost>Các tệp đã chọn cần chọn lại.</p> : null}
      <ReceptionForm c={c} procedure={procedure} values={values} errors={errors} />
    </>
  ));
}

const channelSchema = z.enum(['direct', 'online', 'post']).catch('direct');

export const receptionFormPages = new Hono<WebEnv>()
  .get('/reception/new', requireRole('reception'), async (c) => {
    const procedures = await c.var.services.procedures.list();
    const chosen = procedures.find((p) => p.code === c.req.query('procedure'));
    if (chosen) return formPage(c, chosen, {}, []);
    return page(c, { title: 'Tiếp nhận hồ sơ – chọn thủ tục', scripts: ['reception.js'] }, (
      <>
        <h1>Tiếp nhận hồ sơ</h1>
        <p class="lead">Chọn thủ tục hành chính: danh sách giấy tờ cần nộp sẽ hiện ra theo thủ tục.</p>
        <ProcedurePicker procedures={procedures} q={(c.req.query('q') ?? '').slice(0, 100)} />
      </>
    ));
  })
  .post('/reception/new', requireRole('reception'), async (c) => {
    const form = await readForm(c);
    const text = (k: string) => String(form.get(k) ?? '');
    const procedure = (await c.var.services.procedures.list()).find((p) => p.code === text('procedureCode'));
    if (!procedure) return c.redirect('/reception/new', 303);
    const values: Values = { applicantName: text('applicantName'), applicantId: text('applicantId'), applicantPhone: text('applicantPhone'), applicantAddress: text('applicantAddress'), channel: text('channel') };
    const parsed = applicantSchema.safeParse({ ...values, applicantAddress: values.applicantAddress || undefined });
    if (!parsed.success) return formPage(c, procedure, values, applicantErrors(parsed.error, values as Record<string, string>), 400);
    const files = await filesOf(form, procedure.requiredDocuments);
    try {
      const created = await c.var.services.dossiers.receive(c.var.user, { procedureCode: procedure.code, channel: channelSchema.parse(values.channel), applicant: parsed.data, files });
      return c.redirect(`/dossiers/${encodeURIComponent(created.code)}?received=1`, 303);
    } catch (e) {
      const err = uploadError(e, 'files-0', c.var.services.settings, (f) => describeFile(files, f));
      if (!err) throw e;
      return formPage(c, procedure, values, [err], 400);
    }
  })
  // The CCCD "checked as typed": the domain's rule, asked by reception.js.
  .get('/reception/check-cccd', requireRole('reception'), (c) => {
    const message = cccdMessage(c.req.query('id') ?? '');
    return c.json({ ok: !message, message: message ?? null });
  });
