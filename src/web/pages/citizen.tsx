import { Hono, type Context } from 'hono';
import { isTaichoError } from '../../shared/errors';
import { clientAddress } from '../../http/context';
import { publicAnswer } from '../../http/routes/public';
import { DayTime, ErrorSummary, TextField, type FieldError } from '../components';
import { STATUS_TAGS } from '../format';
import { sendPrepared } from '../../http/security-headers';
import { HTML_HEADERS, page, pageAround, pageText } from '../render';
import { currentUser, type WebEnv } from '../session';

/**
 * The citizen's page (no login): `/lookup` asks for the code; `/lookup/:code` (where the slip's
 * QR code lands) shows the status, the steps done and the appointment, and once the result is
 * sealed, downloads it with the last 4 digits of the CCCD. Mobile first: one column at 360 px.
 * Never the ID, phone or address: only the domain's public view.
 */
type PublicView = Awaited<ReturnType<WebEnv['Variables']['services']['dossiers']['publicGet']>>;

/** The slip's access key (`k`), passed through untouched to the download. */
const keyOf = (c: Context) => (c.req.query('k') ?? '').slice(0, 200);

function SearchForm({ code, error }: { code?: string; error?: string }) {
  return (
    <form method="get" action="/lookup" role="search" class="narrow">
      <TextField id="code" label="Mã hồ sơ" hint="In trên giấy tiếp nhận và hẹn trả kết quả, ví dụ 000.00.06.H56-261123-0001" value={code} error={error} autocomplete="off" extra={{ spellcheck: 'false', autocapitalize: 'characters' }} />
      <button type="submit" class="button">Tra cứu</button>
    </form>
  );
}

/** A refused download, said beside the field it concerns. */
interface DownloadError {
  field: 'k' | 'idLast4';
  message: string;
}

function Download({ view, k, error }: { view: PublicView; k: string; error?: DownloadError }) {
  return (
    <section aria-labelledby="download-title">
      <h2 id="download-title">Tải kết quả</h2>
      <form method="get" action={`/lookup/${encodeURIComponent(view.code)}/result`} class="narrow" novalidate>
        <TextField id="k" label="Mã nhận kết quả" hint="16 ký tự in trên giấy hẹn, ví dụ 7KQ2-M9XD-4RTB-H0CE (đã điền sẵn khi bạn quét mã QR)" value={k} error={error?.field === 'k' ? error.message : undefined} autocomplete="off" extra={{ spellcheck: 'false', autocapitalize: 'characters' }} required />
        <TextField id="idLast4" label="4 số cuối số CCCD của người nộp" hint="Để bảo vệ kết quả, chỉ người nộp hồ sơ tải được" error={error?.field === 'idLast4' ? error.message : undefined} inputmode="numeric" maxlength={4} class="input--short" autocomplete="off" required />
        <button type="submit" class="button">Tải kết quả (PDF)</button>
      </form>
    </section>
  );
}

function Status({ view, k, error }: { view: PublicView; k: string; error?: DownloadError }) {
  const tag = STATUS_TAGS[view.status];
  return (
    <>
      <ErrorSummary errors={error ? [error] : []} />
      <h1>
        Hồ sơ <span class="code">{view.code}</span>
      </h1>
      <p class="lead">
        <strong class={`tag tag--${tag.tone}`}>{view.statusLabel}</strong>
      </p>
      <dl class="summary-list">
        <dt>Thủ tục</dt>
        <dd>{view.procedure}</dd>
        <dt>Ngày tiếp nhận</dt>
        <dd><DayTime ms={view.receivedAt} /></dd>
        <dt>Hẹn trả kết quả</dt>
        <dd><DayTime ms={view.appointmentAt} /></dd>
      </dl>
      <h2>Các bước đã thực hiện</h2>
      <ol class="steps">
        {view.steps.map((s) => (
          <li>
            <strong>{s.label}</strong>
            <DayTime ms={s.at} />
          </li>
        ))}
      </ol>
      {view.resultReady ? <Download view={view} k={k} error={error} /> : null}
      <p>
        <a href="/lookup">Tra cứu hồ sơ khác</a>
      </p>
    </>
  );
}

/**
 * A lookup without an error is kept between requests (src/http/answer-cache.ts), by code and the
 * access key it carries into the download form: it names no one. A citizen's (no session) is
 * kept whole; for a signed-in member of staff, the status part is kept and the frame around it
 * (their name and CSRF token) is their own (`pageAround`).
 */
async function lookupPage(c: Context<WebEnv>, code: string, error?: DownloadError, status: 200 | 400 | 403 | 409 | 429 = 200) {
  const k = keyOf(c);
  // From the kept JSON answer the lookup API gives: a first visit reads the dossier once for both.
  const render = async () => <Status view={JSON.parse((await publicAnswer(c.var, code)).text) as PublicView} k={k} error={error} />;
  try {
    const title = `Hồ sơ ${code}`;
    if (error) return page(c, { title, status }, await render());
    if (!currentUser(c)) {
      // No one signed in: the whole page is the same for every visitor with this code and key,
      // kept whole and sent as kept bytes with headers made once — no frame join, no encoding.
      const whole = await c.var.answers.get(`lookup-page:${code}\n${k}`, async () => ({ text: pageText(c, { title, status }, String(await render())) }));
      return sendPrepared(whole.body, status, HTML_HEADERS);
    }
    const kept = await c.var.answers.get(`lookup:${code}\n${k}`, async () => ({ text: String(await render()) }));
    return pageAround(c, { title, status }, kept.text);
  } catch (e) {
    if (!isTaichoError(e) || e.httpStatus !== 404) throw e;
    const errors: FieldError[] = [{ field: 'code', message: `Không có hồ sơ mã ${code}. Vui lòng kiểm tra lại mã trên giấy hẹn.` }];
    return page(c, { title: 'Không tìm thấy hồ sơ', status: 404 }, (
      <>
        <ErrorSummary errors={errors} />
        <h1>Tra cứu hồ sơ</h1>
        <SearchForm code={code} error={errors[0].message} />
      </>
    ));
  }
}

export const citizenPages = new Hono<WebEnv>()
  .get('/lookup', (c) => {
    const code = (c.req.query('code') ?? '').trim();
    if (code) return c.redirect(`/lookup/${encodeURIComponent(code)}`, 303);
    return page(c, { title: 'Tra cứu hồ sơ' }, (
      <>
        <h1>Tra cứu hồ sơ</h1>
        <p class="lead">Nhập mã hồ sơ để xem tình trạng giải quyết và ngày hẹn trả kết quả.</p>
        <SearchForm />
      </>
    ));
  })
  .get('/lookup/:code', (c) => lookupPage(c, c.req.param('code')))
  // Download as a page route, so a wrong number is said beside the field rather than as JSON.
  .get('/lookup/:code/result', async (c) => {
    const code = c.req.param('code');
    const k = keyOf(c).trim();
    const idLast4 = (c.req.query('idLast4') ?? '').trim();
    if (!k) return lookupPage(c, code, { field: 'k', message: 'Nhập mã nhận kết quả in trên giấy hẹn' }, 400);
    if (!/^\d{4}$/.test(idLast4)) return lookupPage(c, code, { field: 'idLast4', message: 'Nhập đúng 4 chữ số cuối của số CCCD' }, 400);
    try {
      const pdf = await c.var.services.dossiers.publicResult(code, { key: k, idLast4 }, clientAddress(c));
      return c.body(pdf as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="ket-qua-${code}.pdf"`, 'cache-control': 'no-store' });
    } catch (e) {
      const refused = isTaichoError(e) ? refusal(e.code, e.details) : undefined;
      if (!refused || !isTaichoError(e)) throw e;
      if (e.httpStatus === 429) c.header('Retry-After', String((e.details as { retryAfterSeconds: number }).retryAfterSeconds));
      return lookupPage(c, code, refused, e.httpStatus as 400 | 403 | 409 | 429);
    }
  });

/** The domain's refusals of a download, in the citizen's words (others are errors of ours). */
function refusal(code: string, details: unknown): DownloadError | undefined {
  switch (code) {
    case 'invalid_proof':
      return { field: 'k', message: 'Mã nhận kết quả gồm 16 ký tự in trên giấy hẹn, ví dụ 7KQ2-M9XD-4RTB-H0CE' };
    case 'wrong_proof':
      return { field: 'idLast4', message: 'Mã nhận kết quả hoặc 4 số cuối CCCD không khớp với hồ sơ này' };
    case 'result_not_ready':
      return { field: 'idLast4', message: 'Kết quả chưa sẵn sàng để tải' };
    case 'result_locked': {
      const minutes = Math.ceil(((details as { retryAfterSeconds?: number })?.retryAfterSeconds ?? 60) / 60);
      return { field: 'idLast4', message: `Đã nhập sai quá nhiều lần. Vui lòng thử lại sau ${minutes} phút` };
    }
    default:
      return undefined;
  }
}
