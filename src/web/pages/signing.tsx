import { Hono, type Context } from 'hono';
import type { Role } from '../../auth/roles';
import type { BatchOutcome } from '../../dossiers/batch-signing';
import type { SigningPurpose } from '../../dossiers/ports';
import type { Status } from '../../dossiers/state-machine';
import { isTaichoError } from '../../shared/errors';
import { caseMessage, PIN_ERRORS } from '../case-messages';
import { CsrfInput, ErrorSummary, errorFor, Notice, TextField, type FieldError } from '../components';
import { csrfFor } from '../csrf';
import { page, type PageOptions } from '../render';
import { requireRole, type WebEnv } from '../session';
import { apiBase, CaseQueue, CaseSubNav, CaseSummary, PdfFrame, Timeline, VIEWER } from './case-parts';

/**
 * Phê duyệt (leader) and Đóng dấu (clerk): the queue of results to sign, MoJ multi-select with a
 * sticky action bar — tick one or many, enter the PIN once, `Ký số` / `Đóng dấu`. Each dossier
 * is signed by the domain's batch operation (state machine and audit per dossier); the page
 * reports each outcome, and says a wrong PIN or a locked key beside the PIN field.
 */
interface Desk {
  purpose: SigningPurpose;
  role: Role;
  path: string;
  status: Status;
  title: string;
  heading: string;
  button: string;
  done: string;
  empty: string;
}

const DESKS: Desk[] = [
  { purpose: 'approval', role: 'leader', path: '/approval', status: 'appraised', title: 'Phê duyệt', heading: 'Kết quả chờ ký số', button: 'Ký số', done: 'Đã ký', empty: 'Không có kết quả nào chờ ký.' },
  { purpose: 'seal', role: 'clerk', path: '/seal', status: 'approved', title: 'Đóng dấu', heading: 'Kết quả chờ đóng dấu', button: 'Đóng dấu', done: 'Đã đóng dấu', empty: 'Không có kết quả nào chờ đóng dấu.' },
];
const PAGE_SIZE = 50;
/** A refused signing is shown with the domain error's own status (403 wrong PIN, 429 locked, 503 no PKI…). */
type HttpStatus = PageOptions['status'];

export const signingPages = new Hono<WebEnv>();
for (const desk of DESKS) {
  signingPages
    .use(desk.path, requireRole(desk.role))
    .use(`${desk.path}/*`, requireRole(desk.role))
    .get(desk.path, (c) => queuePage(c, desk, { checked: new Set(), errors: [] }))
    .get(`${desk.path}/:code`, (c) => casePage(c, desk, c.req.param('code'), []))
    .post(desk.path, async (c) => {
      const form = await c.req.formData();
      const codes = form.getAll('codes').map(String);
      const pin = String(form.get('pin') ?? '');
      const back = String(form.get('from') ?? '') === 'case' && codes.length === 1 ? codes[0] : undefined;
      const refuse = (errors: FieldError[], status: HttpStatus) =>
        back ? casePage(c, desk, back, errors, status) : queuePage(c, desk, { checked: new Set(codes), errors, status });
      if (!codes.length) return refuse([{ field: 'codes', message: caseMessage({ code: 'codes_required' }) }], 400);
      if (!pin) return refuse([{ field: 'pin', message: caseMessage({ code: 'pin_required' }) }], 400);
      try {
        const results = await c.var.services.dossiers.signBatch(c.var.user, codes, desk.purpose, pin);
        return reportPage(c, desk, results);
      } catch (e) {
        if (!isTaichoError(e) || ![400, 403, 409, 422, 429, 501, 503].includes(e.httpStatus)) throw e;
        const field = PIN_ERRORS.has(e.code) ? 'pin' : e.code === 'codes_required' ? 'codes' : 'sign-submit';
        return refuse([{ field, message: caseMessage(e) }], e.httpStatus as HttpStatus);
      }
    });
}

/** The PIN and the button: in the sticky bar of the queue, or under the preview of one result. */
function SignBar({ desk, csrf, errors, count }: { desk: Desk; csrf: string; errors: FieldError[]; count?: boolean }) {
  return (
    <div class="action-bar" role="group" aria-label={desk.button}>
      <CsrfInput token={csrf} />
      {count ? (
        <p class="action-bar__count" data-batch-count aria-live="polite">
          Chọn các hồ sơ cần {desk.button.toLowerCase()} rồi nhập mã PIN một lần.
        </p>
      ) : null}
      <TextField id="pin" label="Mã PIN" type="password" autocomplete="off" inputmode="text" error={errorFor(errors, 'pin')} class="input--short" extra={{ spellcheck: 'false' }} />
      <button type="submit" class="button" id="sign-submit">
        {desk.button}
      </button>
      {errors.some((e) => e.field === 'sign-submit') ? <p class="error-message">{errorFor(errors, 'sign-submit')}</p> : null}
    </div>
  );
}

async function queuePage(c: Context<WebEnv>, desk: Desk, s: { checked: Set<string>; errors: FieldError[]; status?: HttpStatus }) {
  const list = await c.var.services.dossiers.workList(c.var.user, { status: desk.status, page: 1, pageSize: PAGE_SIZE });
  return page(c, { title: desk.title, status: s.status, scripts: ['batch.js'] }, (
    <>
      <ErrorSummary errors={s.errors} />
      <h1>{desk.heading}</h1>
      {list.items.length ? (
        <form method="post" action={desk.path} novalidate data-batch>
          {errorFor(s.errors, 'codes') ? <p class="error-message">{errorFor(s.errors, 'codes')}</p> : null}
          <p class="batch-all" hidden data-batch-all-wrap>
            <label class="choice">
              <input type="checkbox" data-batch-all /> Chọn tất cả
            </label>
          </p>
          <CaseQueue items={list.items} caption={`${list.total} kết quả, hạn sớm nhất trước`} linkTo={(code) => `${desk.path}/${encodeURIComponent(code)}`} select={{ checked: s.checked }} />
          {list.total > list.items.length ? <p class="hint">Đang hiện {list.items.length} kết quả hạn sớm nhất; các kết quả khác hiện ra khi những kết quả này đã xử lý xong.</p> : null}
          <SignBar desk={desk} csrf={csrfFor(c)} errors={s.errors} count />
        </form>
      ) : (
        <p class="lead">{desk.empty}</p>
      )}
    </>
  ));
}

async function casePage(c: Context<WebEnv>, desk: Desk, code: string, errors: FieldError[], status: HttpStatus = 200) {
  const view = await c.var.services.dossiers.get(c.var.user, code);
  const ready = view.status === desk.status;
  return page(c, { title: `${desk.title} ${view.code}`, status }, (
    <>
      <ErrorSummary errors={errors} />
      <p class="caption">{desk.title}</p>
      <h1 class="code">{view.code}</h1>
      <CaseSubNav items={[{ href: '#thong-tin', text: 'Thông tin' }, { href: '#ket-qua', text: 'Văn bản kết quả' }, { href: '#qua-trinh', text: 'Quá trình xử lý' }]} />
      <h2 id="thong-tin">Thông tin hồ sơ</h2>
      <CaseSummary view={view} contact={false} />
      <h2 id="ket-qua">Văn bản kết quả</h2>
      {view.hasResult ? <PdfFrame src={`${apiBase(view.code)}/result${VIEWER}`} title={`Văn bản kết quả của hồ sơ ${view.code}`} /> : <p>Hồ sơ chưa có văn bản kết quả.</p>}
      {ready ? (
        <form method="post" action={desk.path} novalidate>
          <input type="hidden" name="codes" value={view.code} />
          <input type="hidden" name="from" value="case" />
          <SignBar desk={desk} csrf={csrfFor(c)} errors={errors} />
        </form>
      ) : (
        <p class="lead">Hồ sơ không ở bước {desk.title.toLowerCase()}.</p>
      )}
      {ready ? <ExternalSigning desk={desk} code={view.code} /> : null}
      <h2 id="qua-trinh">Quá trình xử lý</h2>
      <Timeline view={view} />
    </>
  ));
}

/** Keys on a USB token or HSM never reach the server: the two-step API signs with them. */
function ExternalSigning({ desk, code }: { desk: Desk; code: string }) {
  const base = `${apiBase(code)}/${desk.purpose}`;
  return (
    <details class="details">
      <summary>Ký bằng USB token hoặc thiết bị ký số ngoài máy chủ</summary>
      <p>
        Khóa bí mật nằm trên USB token không bao giờ được gửi lên máy chủ. Phần mềm ký trên máy tính của bạn gọi hai bước: <code>POST {base}/prepare</code> trả về
        giá trị băm SHA-256 cần ký và chứng thư số; token ký giá trị đó; rồi <code>POST {base}/complete</code> với <code>sessionId</code> và chữ ký (base64). Phiên ký
        hết hạn sau 15 phút.
      </p>
    </details>
  );
}

function reportPage(c: Context<WebEnv>, desk: Desk, results: BatchOutcome[]) {
  const signed = results.filter((r) => r.outcome === 'signed').length;
  const failed = results.length - signed;
  return page(c, { title: `${desk.title}: kết quả` }, (
    <>
      <Notice tone={failed ? 'bad' : 'ok'}>
        {desk.done} {signed}/{results.length} hồ sơ.{failed ? ` ${failed} hồ sơ chưa ${desk.button.toLowerCase()} được, lý do ở bảng dưới.` : ''}
      </Notice>
      <h1>Kết quả {desk.button.toLowerCase()}</h1>
      <table class="table table--stack">
        <caption>Từng hồ sơ</caption>
        <thead>
          <tr>
            <th scope="col">Mã hồ sơ</th>
            <th scope="col">Kết quả</th>
          </tr>
        </thead>
        <tbody>
          {results.map((r) => (
            <tr>
              <td data-label="Mã hồ sơ">
                <a href={`${desk.path}/${encodeURIComponent(r.code)}`} class="code">
                  {r.code}
                </a>
              </td>
              <td data-label="Kết quả">
                {r.outcome === 'signed' ? <strong class="tag tag--green">{desk.done}</strong> : <><strong class="tag tag--red">Không thành công</strong> {caseMessage(r.error!)}</>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <a href={desk.path} class="button button--secondary">
          Về danh sách {desk.heading.toLowerCase()}
        </a>
      </p>
    </>
  ));
}
