import { InvalidInputError } from '../shared/errors';
import { fromLocal } from '../shared/time';
import type { StatsWindow } from './stats';

const DEFAULT_DAYS = 30;

/**
 * The window a statistics request asks for: `from`/`to` as a local day (`to` inclusive), an ISO
 * instant or epoch milliseconds; without them the last 30 days up to now (inclusive).
 */
export function statsWindow(from: string | undefined, to: string | undefined, now: number): StatsWindow {
  const window = { from: parseBound(from) ?? now - DEFAULT_DAYS * 86_400_000, to: parseBound(to, true) ?? now + 1 };
  if (window.from >= window.to) throw new InvalidInputError('invalid_window', 'from must be before to');
  return window;
}

/** A date (local midnight; `to` dates are inclusive, so the next midnight), a full ISO instant, or epoch ms. */
function parseBound(s: string | undefined, endOfDay = false): number | undefined {
  if (!s) return undefined;
  if (/^\d+$/.test(s)) return Number(s); // epoch milliseconds
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return fromLocal(Number(m[1]), Number(m[2]), Number(m[3]) + (endOfDay ? 1 : 0));
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) throw new InvalidInputError('invalid_date', `Not a date (YYYY-MM-DD) or an ISO instant: ${JSON.stringify(s)}`);
  return ms;
}
