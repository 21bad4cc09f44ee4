import { localDate } from '../shared/time';

/**
 * Received and resolved dossiers over time, for the statistics chart: one point per local day
 * for windows up to ~3 months, else one per month, empty periods included so a quiet day shows
 * as a zero rather than vanishing from the axis.
 */
export interface SeriesPoint {
  /** "2026-11-23" (a day) or "2026-11" (a month), local time. */
  period: string;
  received: number;
  resolved: number;
}

export interface Series {
  unit: 'day' | 'month';
  points: SeriesPoint[];
}

const DAY_MS = 86_400_000;
const MAX_DAILY_SPAN_DAYS = 92;

export function seriesOver(rows: { receivedAt: number; resolvedAt: number | null }[], window: { from: number; to: number }): Series {
  const unit = window.to - window.from <= MAX_DAILY_SPAN_DAYS * DAY_MS ? 'day' : 'month';
  const key = (ms: number) => (unit === 'day' ? localDate(ms) : localDate(ms).slice(0, 7));
  const points = new Map<string, SeriesPoint>();
  // Walk the window a day at a time (a month has at least one day), so every period appears.
  for (let t = window.from; t < window.to; t += DAY_MS) {
    const k = key(t);
    if (!points.has(k)) points.set(k, { period: k, received: 0, resolved: 0 });
  }
  const last = key(window.to - 1);
  if (!points.has(last)) points.set(last, { period: last, received: 0, resolved: 0 });
  const inWindow = (ms: number | null): ms is number => ms !== null && ms >= window.from && ms < window.to;
  for (const r of rows) {
    if (inWindow(r.receivedAt)) points.get(key(r.receivedAt))!.received++;
    if (inWindow(r.resolvedAt)) points.get(key(r.resolvedAt))!.resolved++;
  }
  return { unit, points: [...points.values()] };
}
