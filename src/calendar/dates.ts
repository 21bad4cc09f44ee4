/**
 * Local calendar days in Asia/Ho_Chi_Minh as integers ("day numbers": days since 1970-01-01
 * local), so that day arithmetic is plain addition and never touches Date or the machine's TZ.
 */
import { InvalidInputError } from '../shared/errors';
import { VN_OFFSET_MS } from '../shared/time';

export const DAY_MS = 86_400_000;
/** Day number 0 (1970-01-01) was a Thursday. */
const WEEKDAY_OF_DAY0 = 4;
/** JDN of 1970-01-01, to move between day numbers and lunar.ts's Julian Day Numbers. */
export const JD_OF_DAY0 = 2440588;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local day number containing the instant `ms`. */
export function dayOf(ms: number): number {
  return Math.floor((ms + VN_OFFSET_MS) / DAY_MS);
}

/** Epoch ms of local midnight starting day `day`. */
export function dayStartMs(day: number): number {
  return day * DAY_MS - VN_OFFSET_MS;
}

/** 0 Sunday … 6 Saturday. */
export function weekdayOf(day: number): number {
  return (((day + WEEKDAY_OF_DAY0) % 7) + 7) % 7;
}

export function isWeekend(day: number): boolean {
  const w = weekdayOf(day);
  return w === 0 || w === 6;
}

export function dayFromYmd(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** 'YYYY-MM-DD' of a day number. */
export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day number of a real 'YYYY-MM-DD' date; InvalidInputError for anything else (2025-02-30, 2025-2-3…). */
export function parseDay(date: unknown): number {
  const m = typeof date === 'string' ? ISO_DATE.exec(date) : null;
  if (!m) throw new InvalidInputError('calendar.bad_date', `Expected a date as YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = dayFromYmd(y, mo, d);
  // Date.UTC rolls 2025-02-30 over to March; a round trip exposes dates that do not exist.
  if (formatDay(day) !== date) throw new InvalidInputError('calendar.bad_date', `No such date: ${date}`);
  return day;
}

/** Gregorian year of a day number. */
export function yearOf(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

export function assertFiniteMs(ms: unknown, what: string): asserts ms is number {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new InvalidInputError('calendar.bad_instant', `${what} must be epoch milliseconds, got ${String(ms)}`);
  }
}
