/**
 * Statutory public holidays (ngày nghỉ lễ, tết — Bộ luật Lao động 2019, Điều 112) of a
 * Gregorian year, and the compensatory days off (nghỉ bù, Điều 111 khoản 3) they cause.
 *
 * Tết Nguyên đán: the law gives 5 days and leaves their placement to the Prime Minister each
 * year. Default here: the last day of the lunar year plus mùng 1–4 (the common pattern); the
 * actual yearly decision is entered as overrides.
 */
import { InvalidInputError } from '../shared/errors';
import { JD_OF_DAY0, dayFromYmd, formatDay, isWeekend } from './dates';
import { tetJd, lunarToJd } from './lunar';

export interface Holiday {
  date: string;
  name: string;
}

export interface HolidayRules {
  /** The day beside Quốc khánh 2/9: 1/9 (default, the usual decision) or 3/9. */
  nationalDayExtra?: '09-01' | '09-03';
}

const TET_DAY_NAMES = ['Tết Nguyên đán (ngày cuối năm Âm lịch)', 'Tết Nguyên đán (mùng 1)', 'Tết Nguyên đán (mùng 2)', 'Tết Nguyên đán (mùng 3)', 'Tết Nguyên đán (mùng 4)'];

/** Statutory holidays of `year` as day number → name (some may fall on a weekend). */
export function statutoryHolidays(year: number, rules: HolidayRules = {}): Map<number, string> {
  const days = new Map<number, string>();
  const fixed = (month: number, day: number, name: string) => days.set(dayFromYmd(year, month, day), name);
  fixed(1, 1, 'Tết Dương lịch');
  const tet = tetJd(year) - JD_OF_DAY0;
  TET_DAY_NAMES.forEach((name, i) => days.set(tet - 1 + i, name));
  days.set(lunarToJd({ day: 10, month: 3, year, leap: false }) - JD_OF_DAY0, 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)');
  fixed(4, 30, 'Ngày Chiến thắng (30/4)');
  fixed(5, 1, 'Ngày Quốc tế Lao động (1/5)');
  const extra = rules.nationalDayExtra ?? '09-01';
  if (extra !== '09-01' && extra !== '09-03') {
    throw new InvalidInputError('calendar.bad_rules', `The day beside Quốc khánh must be 09-01 or 09-03, got ${JSON.stringify(extra)}`);
  }
  fixed(9, 2, 'Quốc khánh (2/9)');
  fixed(9, Number(extra.slice(3)), `Quốc khánh (${Number(extra.slice(3))}/9)`);
  return days;
}

/**
 * Compensatory days: each statutory holiday on a Saturday or Sunday gives one day off on the
 * next working day not already off, in date order, so a weekend inside the Tết block pushes
 * the extra days past the block. `alsoOff` reports days already off for other reasons
 * (admin holiday overrides), which compensation must skip too.
 */
export function compensatoryDays(holidays: Map<number, string>, alsoOff: (day: number) => boolean): Map<number, string> {
  const comp = new Map<number, string>();
  const sorted = [...holidays.keys()].sort((a, b) => a - b);
  for (const day of sorted) {
    if (!isWeekend(day)) continue;
    let c = day + 1;
    while (isWeekend(c) || holidays.has(c) || comp.has(c) || alsoOff(c)) c++;
    comp.set(c, `Nghỉ bù ${holidays.get(day)}`);
  }
  return comp;
}

export function toHolidayList(days: Map<number, string>): Holiday[] {
  return [...days.entries()].sort((a, b) => a[0] - b[0]).map(([day, name]) => ({ date: formatDay(day), name }));
}
