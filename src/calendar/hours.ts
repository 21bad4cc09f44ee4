/**
 * Office hours (giờ hành chính) of a working day, e.g. "07:00-11:30,13:30-17:00": the clock
 * runs only inside these periods, so the lunch break does not count toward a legal time limit.
 */
import { InvalidInputError } from '../shared/errors';

export const DEFAULT_WORKING_HOURS = '07:00-11:30,13:30-17:00';

/** A half-open period [start, end) in ms after local midnight. */
export interface Period {
  start: number;
  end: number;
}

export interface WorkingHours {
  periods: readonly Period[];
  /** Sum of the periods: the length of one working day (8 h by default). */
  dayMs: number;
}

const PERIOD = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;
const MINUTE_MS = 60_000;

function bad(spec: string, why: string): InvalidInputError {
  return new InvalidInputError('calendar.bad_hours', `Working hours "${spec}": ${why} (expected e.g. "${DEFAULT_WORKING_HOURS}")`);
}

function clock(spec: string, h: string, m: string): number {
  const [hh, mm] = [Number(h), Number(m)];
  // 24:00 is allowed as an end so that an evening shift can run to midnight.
  if (mm > 59 || hh > 24 || (hh === 24 && mm !== 0)) throw bad(spec, `${h}:${m} is not a time of day`);
  return (hh * 60 + mm) * MINUTE_MS;
}

/** Parses and validates: periods in increasing order, non-empty, not overlapping, within one day. */
export function parseWorkingHours(spec: string): WorkingHours {
  if (typeof spec !== 'string' || spec.trim() === '') throw bad(String(spec), 'empty');
  const periods: Period[] = [];
  for (const part of spec.split(',')) {
    const m = PERIOD.exec(part.trim());
    if (!m) throw bad(spec, `"${part}" is not HH:MM-HH:MM`);
    const p = { start: clock(spec, m[1], m[2]), end: clock(spec, m[3], m[4]) };
    if (p.end <= p.start) throw bad(spec, `"${part}" ends before it starts`);
    const prev = periods[periods.length - 1];
    if (prev && p.start < prev.end) throw bad(spec, `"${part}" overlaps or precedes the previous period`);
    periods.push(p);
  }
  return { periods, dayMs: periods.reduce((sum, p) => sum + p.end - p.start, 0) };
}
