import { Hono, type Context } from 'hono';
import { isTaichoError } from '../../shared/errors';
import { localDate } from '../../shared/time';
import { BarChart, ColumnChart } from '../charts';
import { ErrorSummary, TextField, type FieldError } from '../components';
import { CHANNEL_WORDS, vnDay } from '../format';
import { page } from '../render';
import { requireRole, type WebEnv } from '../session';

/**
 * Thống kê: the stats service's figures for a window of dates, as server-drawn SVG charts with
 * their numbers in tables. The same roles as GET /api/v1/stats.
 */
type Stats = Awaited<ReturnType<WebEnv['Variables']['services']['stats']['compute']>>;
type Procedure = Awaited<ReturnType<WebEnv['Variables']['services']['procedures']['list']>>[number];

const DAY_MS = 86_400_000;
const percent = (x: number) => `${Math.round(x * 100)}%`;

function Filters({ from, to, errors }: { from: string; to: string; errors: FieldError[] }) {
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  return (
    <form method="get" action="/stats" class="filters">
      <TextField id="from" type="date" label="Từ ngày" value={from} error={err('from')} class="input--short" />
      <TextField id="to" type="date" label="Đến ngày" value={to} error={err('to')} class="input--short" />
      <button type="submit" class="button button--secondary">
        Xem thống kê
      </button>
    </form>
  );
}

function Figures({ s }: { s: Stats }) {
  const t = s.total;
  return (
    <ul class="figures">
      <li>
        <strong>{t.received.total}</strong> hồ sơ tiếp nhận
      </li>
      <li>
        <strong>{t.resolved.total}</strong> đã giải quyết
      </li>
      <li>
        <strong>{t.inProgress}</strong> đang giải quyết
      </li>
      <li>
        <strong>{t.overdue}</strong> quá hạn
      </li>
      <li>
        <strong>{t.averageWorkingDays ?? '—'}</strong> ngày làm việc trung bình
      </li>
      <li>
        <strong>{percent(t.documents.digitisedShare)}</strong> giấy tờ đã số hóa
      </li>
      <li>
        <strong>{percent(t.signedElectronicallyShare)}</strong> kết quả ký số
      </li>
    </ul>
  );
}

function Charts({ s, procedures }: { s: Stats; procedures: Procedure[] }) {
  const t = s.total;
  const names = new Map(procedures.map((p) => [p.code, p.name]));
  const byProcedure = Object.entries(s.byProcedure)
    .map(([code, b]) => ({ label: names.get(code) ?? code, value: b.received.total }))
    .sort((a, b) => b.value - a.value);
  const dayLabel = (p: string) => (s.overTime.unit === 'day' ? `${p.slice(8, 10)}/${p.slice(5, 7)}` : `${p.slice(5, 7)}/${p.slice(0, 4)}`);
  return (
    <>
      <h2>Tiếp nhận theo hình thức nộp</h2>
      <BarChart
        id="chart-channel"
        title="Hồ sơ tiếp nhận theo hình thức nộp"
        desc={`Trực tiếp ${t.received.direct}, trực tuyến ${t.received.online}, qua bưu chính ${t.received.post}.`}
        unit="Số hồ sơ"
        bars={(['direct', 'online', 'post'] as const).map((k) => ({ label: CHANNEL_WORDS[k], value: t.received[k] }))}
      />
      <h2>Kết quả giải quyết: đúng hạn, trễ hạn</h2>
      <BarChart
        id="chart-timeliness"
        title="Hồ sơ đã giải quyết theo thời hạn"
        desc={`Trước hạn ${t.resolved.early}, đúng hạn ${t.resolved.onTime}, trễ hạn ${t.resolved.late}.`}
        unit="Số hồ sơ"
        bars={[
          { label: 'Trước hạn', value: t.resolved.early },
          { label: 'Đúng hạn', value: t.resolved.onTime },
          { label: 'Trễ hạn', value: t.resolved.late },
        ]}
      />
      <h2>Theo thủ tục</h2>
      {byProcedure.length ? (
        <BarChart id="chart-procedure" title="Hồ sơ tiếp nhận theo thủ tục" desc={byProcedure.map((b) => `${b.label}: ${b.value}`).join('; ')} unit="Số hồ sơ" bars={byProcedure} />
      ) : (
        <p>Chưa có hồ sơ nào trong khoảng thời gian này.</p>
      )}
      <h2>Theo thời gian</h2>
      <ColumnChart
        id="chart-time"
        title={s.overTime.unit === 'day' ? 'Hồ sơ tiếp nhận và giải quyết theo ngày' : 'Hồ sơ tiếp nhận và giải quyết theo tháng'}
        desc={`Tổng cộng ${t.received.total} hồ sơ tiếp nhận và ${t.resolved.total} hồ sơ giải quyết trong ${s.overTime.points.length} ${s.overTime.unit === 'day' ? 'ngày' : 'tháng'}.`}
        names={{ a: 'Tiếp nhận', b: 'Giải quyết' }}
        points={s.overTime.points.map((p) => ({ label: dayLabel(p.period), a: p.received, b: p.resolved }))}
      />
    </>
  );
}

export const statsPages = new Hono<WebEnv>().get('/stats', requireRole('leader', 'auditor', 'admin'), async (c) => {
  const now = c.var.services.settings.now();
  const from = c.req.query('from') || localDate(now - 29 * DAY_MS);
  const to = c.req.query('to') || localDate(now);
  const errors: FieldError[] = [];
  let stats: Stats | undefined;
  for (const [field, v] of [['from', from], ['to', to]] as const) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) errors.push({ field, message: `${field === 'from' ? 'Từ ngày' : 'Đến ngày'}: nhập ngày theo lịch` });
  }
  if (!errors.length) {
    try {
      stats = await c.var.services.stats.compute(from, to);
    } catch (e) {
      if (!isTaichoError(e) || e.httpStatus !== 400) throw e;
      errors.push({ field: 'to', message: 'Đến ngày phải sau Từ ngày' });
    }
  }
  return page(c, { title: 'Thống kê', status: errors.length ? 400 : 200 }, (
    <>
      <h1>Thống kê</h1>
      <ErrorSummary errors={errors} />
      <Filters from={from} to={to} errors={errors} />
      {stats ? (
        <>
          <p class="lead">
            Từ {vnDay(stats.from)} đến hết {vnDay(stats.to - 1)}
          </p>
          <Figures s={stats} />
          <Charts s={stats} procedures={await c.var.services.procedures.list()} />
        </>
      ) : null}
    </>
  ));
});
