/**
 * Charts drawn by the server as SVG: no script, nothing from elsewhere. Each is an image with a
 * title and a description for screen readers (role="img"), and its numbers stand in a table
 * beside it, so nothing is said by the picture alone.
 */
export interface Bar {
  label: string;
  value: number;
}

const COLOURS = { a: '#1d4f91', b: '#00703c' };
/** Drawn at these widths on a counter PC; a phone scales them down (CSS max-width: 100%). */
const BAR_WIDTH = 440;
const COLUMN_WIDTH = 520;

/** Rounds the axis maximum up to an even 1-2-4-6 step, so the mid grid line is a whole number too. */
export function niceMax(max: number): number {
  if (max <= 4) return 4;
  const p = 10 ** Math.floor(Math.log10(max));
  return [2, 4, 6, 10].map((m) => m * p).find((v) => v >= max) as number;
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** Horizontal bars: one category per row, the value at the bar's end. */
export function BarChart({ id, title, desc, bars, unit }: { id: string; title: string; desc: string; bars: Bar[]; unit: string }) {
  const row = 34;
  const labelW = 170;
  const WIDTH = BAR_WIDTH;
  const height = Math.max(1, bars.length) * row + 10;
  const max = niceMax(Math.max(0, ...bars.map((b) => b.value)));
  const scale = (v: number) => ((WIDTH - labelW - 60) * v) / max;
  return (
    <figure class="chart" aria-labelledby={`${id}-caption`}>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width={WIDTH} height={height} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{desc}</desc>
        {bars.map((b, i) => (
          <g>
            <text x={labelW - 8} y={i * row + 24} text-anchor="end">
              {clip(b.label, 22)}
            </text>
            <rect x={labelW} y={i * row + 8} width={Math.max(b.value ? 2 : 0, scale(b.value))} height={row - 12} fill={COLOURS.a}></rect>
            <text x={labelW + scale(b.value) + 6} y={i * row + 24}>
              {b.value}
            </text>
          </g>
        ))}
        <line x1={labelW} y1={0} x2={labelW} y2={height} stroke="#505a5f"></line>
      </svg>
      <table class="table">
        <caption id={`${id}-caption`}>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Loại</th>
            <th scope="col">{unit}</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((b) => (
            <tr>
              <th scope="row">{b.label}</th>
              <td>{b.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

export interface SeriesPoint {
  label: string;
  a: number;
  b: number;
}

/** Two series as paired columns over time (received, resolved), a label every few periods. */
export function ColumnChart({ id, title, desc, points, names }: { id: string; title: string; desc: string; points: SeriesPoint[]; names: { a: string; b: string } }) {
  const WIDTH = COLUMN_WIDTH;
  const height = 240;
  const left = 36;
  const bottom = 28;
  const plotH = height - bottom - 10;
  const max = niceMax(Math.max(0, ...points.flatMap((p) => [p.a, p.b])));
  const slot = (WIDTH - left - 8) / Math.max(1, points.length);
  const colW = Math.max(1, slot / 2 - 1);
  const y = (v: number) => 10 + plotH - (plotH * v) / max;
  const every = Math.ceil(points.length / 7);
  return (
    <figure class="chart" aria-labelledby={`${id}-caption`}>
      <div>
        <svg viewBox={`0 0 ${WIDTH} ${height}`} width={WIDTH} height={height} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
          <title id={`${id}-title`}>{title}</title>
          <desc id={`${id}-desc`}>{desc}</desc>
          {[0, max / 2, max].map((v) => (
            <g>
              <line x1={left} x2={WIDTH - 8} y1={y(v)} y2={y(v)} stroke="#d0d0d0"></line>
              <text x={left - 6} y={y(v) + 4} text-anchor="end">
                {v}
              </text>
            </g>
          ))}
          {points.map((p, i) => (
            <g>
              <rect x={left + i * slot} y={y(p.a)} width={colW} height={y(0) - y(p.a)} fill={COLOURS.a}></rect>
              <rect x={left + i * slot + colW} y={y(p.b)} width={colW} height={y(0) - y(p.b)} fill={COLOURS.b}></rect>
              {i % every === 0 ? (
                <text x={left + i * slot} y={height - 8}>
                  {p.label}
                </text>
              ) : null}
            </g>
          ))}
        </svg>
        <ul class="legend" aria-hidden="true">
          <li>
            <span class="swatch swatch--a"></span>
            {names.a}
          </li>
          <li>
            <span class="swatch swatch--b"></span>
            {names.b}
          </li>
        </ul>
      </div>
      <details>
        <summary>Bảng số liệu: {title.toLowerCase()}</summary>
        <table class="table">
          <caption id={`${id}-caption`}>{title}</caption>
          <thead>
            <tr>
              <th scope="col">Thời gian</th>
              <th scope="col">{names.a}</th>
              <th scope="col">{names.b}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr>
                <th scope="row">{p.label}</th>
                <td>{p.a}</td>
                <td>{p.b}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
