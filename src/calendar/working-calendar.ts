/**
 * Working-time calendar (lịch làm việc) for legal time limits of dossiers.
 *
 * Conventions (all instants are epoch ms; days are local Asia/Ho_Chi_Minh dates):
 * - The clock runs only inside the working periods of working days. A working day is a
 *   weekday that is not a holiday, or any day an admin 'workday' override names.
 * - addWorkingTime(start, w) is the EARLIEST instant t ≥ start with workingMsBetween(start, t) = w.
 *   Hence a start outside hours counts from the next working moment (Fri 17:30 + 1 day → Mon
 *   17:00), and a due time that lands exactly on the end of a period stays there
 *   (Mon 07:00 + 1 day → Mon 17:00, not Tue 07:00; 07:00 + 4.5 h → 11:30 the same morning).
 * - One "day" of a legal time limit is one configured working day (8 h with the default hours),
 *   so N may be fractional: 0.5 day = 4 h.
 */
import { InvalidInputError } from '../shared/errors';
import { DAY_MS, assertFiniteMs, dayOf, dayStartMs, isWeekend, parseDay, yearOf } from './dates';
import { compensatoryDays, statutoryHolidays, toHolidayList, type Holiday, type HolidayRules } from './holidays';
import { DEFAULT_WORKING_HOURS, parseWorkingHours } from './hours';
import { validateOverrides, type Override } from './overrides';

export interface WorkingCalendarOptions extends HolidayRules {
  /** Office hours, default "07:00-11:30,13:30-17:00". */
  hours?: string;
  overrides?: readonly Override[];
}

export interface WorkingCalendar {
  /** Length of one working day in ms (sum of the configured periods). */
  readonly workingDayMs: number;
  isWorkingDay(localDate: string): boolean;
  /** Days off of `year` other than ordinary weekends: statutory, compensatory, admin holidays; 'workday' overrides removed. */
  holidaysOf(year: number): Holiday[];
  addWorkingTime(startMs: number, workingMs: number): number;
  /** Working ms in [aMs, bMs]; negative when bMs < aMs (how late a finished dossier was, for instance). */
  workingMsBetween(aMs: number, bMs: number): number;
  /** Due instant of a procedure of `days` working days received at `receivedAtMs`. */
  dueDate(receivedAtMs: number, days: number): number;
  /** `ms` itself if the clock is running then, otherwise the start of the next working period. */
  nextWorkingStart(ms: number): number;
}

/** Guard against runaway input: ten years of working days is more than any procedure allows. */
const MAX_DAYS = 2600;
/** The same guard for intervals given as two instants (workingMsBetween). */
const MAX_SPAN_MS = 12 * 366 * DAY_MS;

export function createWorkingCalendar(opts: WorkingCalendarOptions = {}): WorkingCalendar {
  const { periods, dayMs } = parseWorkingHours(opts.hours ?? DEFAULT_WORKING_HOURS);
  const overrides = new Map(validateOverrides(opts.overrides ?? []).map((o) => [parseDay(o.date), o]));
  const overrideHoliday = (day: number) => overrides.get(day)?.kind === 'holiday';
  const maxWorkingMs = MAX_DAYS * dayMs;

  /** Computed (rule-based) days off of a year, before overrides; cached because every day lookup needs it. */
  const computed = new Map<number, Map<number, string>>();
  function computedOff(year: number): Map<number, string> {
    let days = computed.get(year);
    if (!days) {
      const statutory = statutoryHolidays(year, opts);
      days = new Map([...statutory, ...compensatoryDays(statutory, overrideHoliday)]);
      computed.set(year, days);
    }
    return days;
  }

  function isWorking(day: number): boolean {
    const o = overrides.get(day);
    if (o) return o.kind === 'workday';
    return !isWeekend(day) && !computedOff(yearOf(day)).has(day);
  }

  /** Visits the working periods of working days from `fromMs` onward, clipped to start at `fromMs`, until `visit` returns true. */
  function scanForward(fromMs: number, visit: (startMs: number, endMs: number) => boolean): void {
    let day = dayOf(fromMs);
    for (;;) {
      if (isWorking(day)) {
        const base = dayStartMs(day);
        for (const p of periods) {
          const end = base + p.end;
          if (end <= fromMs) continue;
          if (visit(Math.max(base + p.start, fromMs), end)) return;
        }
      }
      day++;
    }
  }

  function addWorkingTime(startMs: number, workingMs: number): number {
    assertFiniteMs(startMs, 'start');
    if (typeof workingMs !== 'number' || !(workingMs >= 0) || workingMs > maxWorkingMs) {
      throw new InvalidInputError('calendar.bad_duration', `Working time must be between 0 and ${MAX_DAYS} working days, got ${String(workingMs)} ms`);
    }
    if (workingMs === 0) return startMs;
    let remaining = workingMs;
    let due = startMs;
    scanForward(startMs, (from, to) => {
      if (remaining <= to - from) {
        due = from + remaining;
        return true;
      }
      remaining -= to - from;
      return false;
    });
    return due;
  }

  function workingMsBetween(aMs: number, bMs: number): number {
    assertFiniteMs(aMs, 'from');
    assertFiniteMs(bMs, 'to');
    if (bMs < aMs) return -workingMsBetween(bMs, aMs);
    if (bMs - aMs > MAX_SPAN_MS) {
      throw new InvalidInputError('calendar.bad_duration', 'Interval too long to count working time');
    }
    let total = 0;
    scanForward(aMs, (from, to) => {
      if (from >= bMs) return true;
      total += Math.min(to, bMs) - from;
      return to >= bMs;
    });
    return total;
  }

  function dueDate(receivedAtMs: number, days: number): number {
    if (typeof days !== 'number' || !(days >= 0) || days > MAX_DAYS) {
      throw new InvalidInputError('calendar.bad_duration', `Days must be a number between 0 and ${MAX_DAYS}, got ${String(days)}`);
    }
    return addWorkingTime(receivedAtMs, Math.round(days * dayMs));
  }

  function nextWorkingStart(ms: number): number {
    assertFiniteMs(ms, 'instant');
    let start = ms;
    scanForward(ms, (from) => {
      start = from;
      return true;
    });
    return start;
  }

  function holidaysOf(year: number): Holiday[] {
    if (!Number.isInteger(year)) throw new InvalidInputError('calendar.bad_year', `Not a year: ${String(year)}`);
    const days = new Map(computedOff(year));
    for (const [day, o] of overrides) {
      if (yearOf(day) !== year) continue;
      if (o.kind === 'holiday') days.set(day, o.name);
      else days.delete(day);
    }
    return toHolidayList(days);
  }

  return {
    workingDayMs: dayMs,
    isWorkingDay: (localDate) => isWorking(parseDay(localDate)),
    holidaysOf,
    addWorkingTime,
    workingMsBetween,
    dueDate,
    nextWorkingStart,
  };
}
