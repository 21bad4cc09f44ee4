import { REPORT_HTML_CSP } from '../../verify/report-html';
import { Hono, type Context } from 'hono';
import { isTaichoError } from '../../shared/errors';
import { CsrfInput, ErrorSummary, type FieldError } from '../components';
import { csrfFor } from '../csrf';
import { page } from '../render';
import { findReport, keepReport } from '../report-cache';
import { requireRole, type WebEnv } from '../session';
import { ReportSummary, Revisions, SignatureCard } from './verify-report';

/**
 * Xác thực chữ ký: the auditor drops (or chooses) any PDF; the domain verifier checks it and the
 * report is shown as cards, with the JSON/HTML/PDF renderings to download. A plain multipart
 * form: verify.js only adds drag and drop. Post/redirect/get, so a reload does not re-upload.
 */
const FILE_FIELD = 'file';

/** The verifier's refusals, in the auditor's words. */
const REFUSALS: Record<string, string> = {
  not_a_pdf: 'Tệp không phải là PDF',
  pdf_too_large: 'Tệp quá lớn để kiểm tra',
  too_large: 'Tệp quá lớn để kiểm tra',
  pdf_unreadable: 'Không đọc được cấu trúc của tệp PDF',
  verify_timeout: 'Kiểm tra tệp này mất quá nhiều thời gian nên đã dừng',
  too_slow: 'Kiểm tra tệp này mất quá nhiều thời gian nên đã dừng',
};

function VerifyForm({ c, errors }: { c: Context<WebEnv>; errors: FieldError[] }) {
  const error = errors[0]?.message;
  return (
    <form method="post" action="/verify" enctype="multipart/form-data" class="narrow">
      <CsrfInput token={csrfFor(c)} />
      <div class={error ? 'field field--error dropzone' : 'field dropzone'} data-dropzone>
        <label for={FILE_FIELD}>Tệp PDF cần kiểm tra</label>
        <span class="hint" id="file-hint">
          Kéo thả tệp vào đây, hoặc chọn tệp. Tệp không được lưu lại, chỉ báo cáo được giữ tạm để tải về.
        </span>
        {error ? (
          <span class="error-message" id="file-error">
            <span class="visually-hidden">Lỗi: </span>
            {error}
          </span>
        ) : null}
        <input type="file" id={FILE_FIELD} name={FILE_FIELD} accept="application/pdf,.pdf" required aria-describedby={error ? 'file-hint file-error' : 'file-hint'} aria-invalid={error ? 'true' : undefined} />
        <p class="dropzone__chosen" data-chosen aria-live="polite"></p>
      </div>
      <button type="submit" class="button">
        Kiểm tra chữ ký
      </button>
    </form>
  );
}

function formPage(c: Context<WebEnv>, errors: FieldError[] = [], status: 200 | 400 | 413 | 422 = 200) {
  return page(c, { title: 'Xác thực chữ ký', scripts: ['verify.js'], status }, (
    <>
      <h1>Xác thực chữ ký</h1>
      <p class="lead">Kiểm tra chữ ký số và con dấu điện tử trong bất kỳ tệp PDF nào: ai ký, khi nào, chứng thư nào, tệp có bị sửa sau khi ký không.</p>
      <ErrorSummary errors={errors} />
      <VerifyForm c={c} errors={errors} />
    </>
  ));
}

export const verifyPages = new Hono<WebEnv>()
  .get('/verify', requireRole('auditor'), (c) => formPage(c))
  .post('/verify', requireRole('auditor'), async (c) => {
    const form = await c.req.formData().catch(() => undefined);
    const file = form?.get(FILE_FIELD);
    if (!file || typeof file === 'string' || file.size === 0) return formPage(c, [{ field: FILE_FIELD, message: 'Chọn một tệp PDF để kiểm tra' }], 400);
    try {
      const report = await c.var.services.verifier.verify(new Uint8Array(await file.arrayBuffer()));
      const id = keepReport({ report, fileName: file.name.normalize('NFC') || 'tep.pdf', userId: c.var.user.id });
      return c.redirect(`/verify/reports/${id}`, 303);
    } catch (e) {
      if (!isTaichoError(e) || e.httpStatus >= 500) throw e;
      const message = `${REFUSALS[e.code] ?? 'Không kiểm tra được tệp này'} (${file.name})`;
      return formPage(c, [{ field: FILE_FIELD, message }], e.httpStatus === 413 ? 413 : e.httpStatus === 400 ? 400 : 422);
    }
  })
  // A dossier's current result, verified the same way (linked from its audit trail).
  .get('/verify/dossiers/:code', requireRole('auditor'), async (c) => {
    const code = c.req.param('code');
    const pdf = await c.var.services.dossiers.resultForVerification(c.var.user, code);
    const report = await c.var.services.verifier.verify(pdf);
    const id = keepReport({ report, fileName: `ket-qua-${code}.pdf`, userId: c.var.user.id });
    return c.redirect(`/verify/reports/${id}`, 303);
  })
  .get('/verify/reports/:id', requireRole('auditor'), (c) => {
    const id = c.req.param('id');
    const kept = findReport(id, c.var.user.id);
    if (!kept) return formPage(c, [{ field: FILE_FIELD, message: 'Báo cáo này đã hết hạn hoặc không phải của bạn: hãy kiểm tra lại tệp' }], 400);
    const base = `/verify/reports/${id}/bao-cao-kiem-tra-chu-ky`;
    return page(c, { title: `Kết quả xác thực chữ ký – ${kept.fileName}`, scripts: ['verify.js'] }, (
      <>
        <h1>Kết quả xác thực chữ ký</h1>
        <ReportSummary report={kept.report} fileName={kept.fileName} />
        <div class="actions">
          <a class="button button--secondary" href={`${base}.pdf`} download>
            Tải báo cáo PDF
          </a>
          <a class="button button--secondary" href={`${base}.html`} download>
            Tải báo cáo HTML
          </a>
          <a class="button button--secondary" href={`${base}.json`} download>
            Tải báo cáo JSON
          </a>
          <a href="/verify">Kiểm tra tệp khác</a>
        </div>
        <h2>Từng chữ ký</h2>
        {kept.report.signatures.map((s) => (
          <SignatureCard s={s} />
        ))}
        <Revisions report={kept.report} />
      </>
    ));
  })
  // The domain's own renderings of the same report, as files.
  .get('/verify/reports/:id/:name{bao-cao-kiem-tra-chu-ky\\.(json|html|pdf)}', requireRole('auditor'), async (c) => {
    const kept = findReport(c.req.param('id'), c.var.user.id);
    if (!kept) return c.notFound();
    const name = c.req.param('name');
    const disposition = { 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' };
    const v = c.var.services.verifier;
    if (name.endsWith('.pdf')) return c.body((await v.pdf(kept.report, kept.fileName)) as Uint8Array<ArrayBuffer>, 200, { ...disposition, 'content-type': 'application/pdf' });
    if (name.endsWith('.html')) return c.body(v.html(kept.report, kept.fileName), 200, { ...disposition, 'content-type': 'text/html; charset=utf-8', 'content-security-policy': REPORT_HTML_CSP });
    return c.body(JSON.stringify(kept.report, null, 2), 200, { ...disposition, 'content-type': 'application/json' });
  });
