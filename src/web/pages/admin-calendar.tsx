import { Hono, type Context } from 'hono';
import { isTaichoError } from '../../shared/errors';
import { localParts } from '../../shared/time';
import { CsrfInput, ErrorSummary, Notice, TextField, type FieldError } from '../components';
import { csrfFor } from '../csrf';
import { page } from '../render';
import { requireRole, type WebEnv } from '../session';
import { readForm } from '../form';

/**
 * Lịch nghỉ hằng năm: the holidays the calendar computes (lunar and solar, compensatory days)
 * with the admin's overrides on top — an extra day off, or a working day swapped in. Adding or
 * removing one goes through the calendar service (validation, audit entry, due dates rebuilt).
 */
type Typed = { date?: string; kind?: string; name?: string };

const KIND_WORDS = { holiday: 'Ngày nghỉ thêm', workday: 'Ngày làm việc (làm bù)' } as const;

const yearOf = (c: Context<WebEnv>) => {
  const y = Number(c.req.query('year'));
  return Number.isInteger(y) && y >= 1900 && y <= 2199 ? y : localParts(c.var.services.settings.now()).year;
};
const dayVn = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** The calendar's refusals on the field they concern, in Vietnamese. */
function refusal(code: string, message: string): FieldError {
  if (code === 'calendar.bad_date') return { field: 'date', message: 'Ngày: chọn một ngày có thật trên lịch' };
  if (/kind/i.test(message)) return { field: 'kind-holiday', message: 'Chọn loại ngày' };
  if (code === 'calendar.no_override') return { field: 'date', message: 'Ngày này không có điều chỉnh để xóa' };
  return { field: 'name', message: 'Lý do: nhập từ 1 đến 200 ký tự' };
}

function AddForm({ c, year, typed, errors }: { c: Context<WebEnv>; year: number; typed: Typed; errors: FieldError[] }) {
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  return (
    <form method="post" action={`/admin/calendar?year=${year}`} class="narrow">
      <CsrfInput token={csrfFor(c)} />
      <TextField id="date" type="date" label="Ngày" value={typed.date} error={err('date')} class="input--short" required />
      <fieldset class={err('kind-holiday') ? 'field field--error' : 'field'}>
        <legend>Loại ngày</legend>
        {err('kind-holiday') ? <span class="error-message">{err('kind-holiday')}</span> : null}
        <div class="choices">
          {(['holiday', 'workday'] as const).map((k) => (
            <label class="choice" for={`kind-${k}`}>
              <input type="radio" id={`kind-${k}`} name="kind" value={k} checked={(typed.kind ?? 'holiday') === k} />
              {KIND_WORDS[k]}
            </label>
          ))}
        </div>
      </fieldset>
      <TextField id="name" label="Lý do" hint="Ví dụ: Nghỉ bù Tết Dương lịch; Làm bù cho ngày 02/01" value={typed.name} error={err('name')} maxlength={200} required />
      <button type="submit" class="button">
        Thêm vào lịch
      </button>
    </form>
  );
}

async function calendarPage(c: Context<WebEnv>, opts: { typed?: Typed; errors?: FieldError[]; done?: string; status?: 200 | 400 | 404 } = {}) {
  const year = yearOf(c);
  const cal = await c.var.services.calendar.year(year);
  const errors = opts.errors ?? [];
  return page(c, { title: `Lịch nghỉ năm ${year}`, status: opts.status }, (
    <>
      <h1>Lịch nghỉ năm {year}</h1>
      <ErrorSummary errors={errors} />
      {opts.done ? <Notice tone="ok">{opts.done}</Notice> : null}
      <nav class="pagination" aria-label="Chọn năm">
        <a href={`/admin/calendar?year=${year - 1}`}>‹ Năm {year - 1}</a>
        <a href={`/admin/calendar?year=${year + 1}`}>Năm {year + 1} ›</a>
      </nav>
      <h2>Điều chỉnh của cơ quan</h2>
      {cal.overrides.length ? (
        <table class="table table--stack">
          <caption>{cal.overrides.length} ngày điều chỉnh; chúng được ưu tiên hơn lịch tính sẵn</caption>
          <thead>
            <tr>
              <th scope="col">Ngày</th>
              <th scope="col">Loại</th>
              <th scope="col">Lý do</th>
              <th scope="col">Thao tác</th>
            </tr>
          </thead>
          <tbody>
            {cal.overrides.map((o) => (
              <tr>
                <td data-label="Ngày"><time datetime={o.date}>{dayVn(o.date)}</time></td>
                <td data-label="Loại">{KIND_WORDS[o.kind]}</td>
                <td data-label="Lý do">{o.name}</td>
                <td data-label="Thao tác">
                  <form method="post" action={`/admin/calendar/remove?year=${year}`} class="inline-form">
                    <CsrfInput token={csrfFor(c)} />
                    <input type="hidden" name="date" value={o.date} />
                    <button type="submit" class="button button--warning" aria-label={`Xóa điều chỉnh ngày ${dayVn(o.date)}`}>
                      Xóa
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>Chưa có điều chỉnh nào cho năm {year}.</p>
      )}
      <h2>Thêm ngày nghỉ hoặc ngày làm bù</h2>
      <AddForm c={c} year={year} typed={opts.typed ?? {}} errors={errors} />
      <h2>Các ngày nghỉ của năm {year}</h2>
      <table class="table table--stack">
        <caption>{cal.holidays.length} ngày nghỉ lễ, Tết (âm lịch, dương lịch, nghỉ bù và điều chỉnh)</caption>
        <thead>
          <tr>
            <th scope="col">Ngày</th>
            <th scope="col">Tên</th>
          </tr>
        </thead>
        <tbody>
          {cal.holidays.map((h) => (
            <tr>
              <td data-label="Ngày"><time datetime={h.date}>{dayVn(h.date)}</time></td>
              <td data-label="Tên">{h.name}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  ));
}

export const adminCalendarPages = new Hono<WebEnv>()
  .get('/admin/calendar', requireRole('admin'), (c) => calendarPage(c))
  .post('/admin/calendar', requireRole('admin'), async (c) => {
    const form = await readForm(c);
    const typed: Typed = { date: String(form.get('date') ?? ''), kind: String(form.get('kind') ?? ''), name: String(form.get('name') ?? '') };
    try {
      const saved = await c.var.services.calendar.upsert(c.var.user, typed);
      return await calendarPage(c, { done: `Đã lưu ngày ${dayVn(saved.date)}: ${KIND_WORDS[saved.kind]} — ${saved.name}.` });
    } catch (e) {
      if (!isTaichoError(e) || e.httpStatus !== 400) throw e;
      return calendarPage(c, { typed, errors: [refusal(e.code, e.message)], status: 400 });
    }
  })
  .post('/admin/calendar/remove', requireRole('admin'), async (c) => {
    const date = String((await readForm(c)).get('date') ?? '');
    try {
      const removed = await c.var.services.calendar.remove(c.var.user, date);
      return await calendarPage(c, { done: `Đã xóa điều chỉnh ngày ${dayVn(removed.date)}.` });
    } catch (e) {
      if (!isTaichoError(e) || (e.httpStatus !== 400 && e.httpStatus !== 404)) throw e;
      return calendarPage(c, { errors: [refusal(e.code, e.message)], status: e.httpStatus === 404 ? 404 : 400 });
    }
  });
