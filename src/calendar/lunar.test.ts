import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { InvalidInputError } from '../shared/errors';
import { jdFromDate, jdToDate, jdToLunar, lunarToJd, tetJd } from './lunar';

/** lunar-javascript (Chinese calendar, UTC+8) ships no types; only this much is used as an oracle. */
const { Lunar } = createRequire(import.meta.url)('lunar-javascript') as {
  Lunar: { fromYmd(y: number, m: number, d: number): { getSolar(): { toYmd(): string } } };
};

const iso = (jd: number) => {
  const d = jdToDate(jd);
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
};
const jdOf = (isoDate: string) => {
  const [y, m, d] = isoDate.split('-').map(Number);
  return jdFromDate(d, m, y);
};

describe('Vietnamese lunar calendar (UTC+7)', () => {
  it.each([
    [1968, '1968-01-29'], // Tết Mậu Thân: North Vietnam (UTC+7) a day before China
    [1985, '1985-01-21'], // a whole month before China's 20 Feb
    [2007, '2007-02-17'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    [2030, '2030-02-02'],
  ])('Tết %i is %s', (year, date) => {
    expect(iso(tetJd(year))).toBe(date);
  });

  it.each([
    [2023, '2023-04-29'], // after the leap 2nd month of 2023: must use the ordinary 3rd month
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ])('Giỗ Tổ Hùng Vương (10/3) %i is %s', (year, date) => {
    expect(iso(lunarToJd({ day: 10, month: 3, year, leap: false }))).toBe(date);
  });

  it('knows which years have which leap month', () => {
    for (const [year, month] of [[2020, 4], [2023, 2], [2025, 6]]) {
      const leapStart = lunarToJd({ day: 1, month, year, leap: true });
      expect(leapStart - lunarToJd({ day: 1, month, year, leap: false })).toBeGreaterThanOrEqual(29);
      expect(() => lunarToJd({ day: 1, month: month === 2 ? 3 : 2, year, leap: true })).toThrow(InvalidInputError);
    }
    expect(() => lunarToJd({ day: 1, month: 4, year: 2024, leap: true })).toThrow(/no leap month/);
  });

  it('converts solar → lunar → solar losslessly for every day 1950–2100', () => {
    const failures: string[] = [];
    let previous = jdToLunar(jdOf('1949-12-31'));
    for (let jd = jdOf('1950-01-01'); jd <= jdOf('2100-12-31'); jd++) {
      const l = jdToLunar(jd);
      // Days count up by one inside a month; a new month starts at day 1 after day 29 or 30.
      const sequenceOk = l.day === 1 ? previous.day === 29 || previous.day === 30 : l.day === previous.day + 1;
      if (!sequenceOk || lunarToJd(l) !== jd) failures.push(`${iso(jd)} → ${JSON.stringify(l)}`);
      previous = l;
    }
    expect(failures).toEqual([]);
  });

  it('mùng 1 Tết maps back to lunar 1/1', () => {
    expect(jdToLunar(jdOf('1985-01-21'))).toEqual({ day: 1, month: 1, year: 1985, leap: false });
    expect(jdToLunar(jdOf('2026-02-16'))).toEqual({ day: 29, month: 12, year: 2025, leap: false });
  });

  it('agrees with the Chinese (UTC+8) calendar of lunar-javascript on Tết except in the known years', () => {
    // Independent oracle: the two calendars differ only when a new moon falls between 23:00 and
    // midnight Vietnam time, which shifts Tết in exactly these years of 1900–2100.
    const differing: number[] = [];
    for (let year = 1900; year <= 2100; year++) {
      const cn = Lunar.fromYmd(year, 1, 1).getSolar().toYmd();
      if (cn !== iso(tetJd(year))) differing.push(year);
    }
    expect(differing).toEqual([1903, 1935, 1965, 1968, 1969, 1985, 2007, 2030, 2053]);
  });

  it('rejects years outside the supported range and impossible dates', () => {
    expect(() => tetJd(1799)).toThrow(InvalidInputError);
    expect(() => tetJd(2200)).toThrow(InvalidInputError);
    expect(() => lunarToJd({ day: 31, month: 1, year: 2025, leap: false })).toThrow(InvalidInputError);
    // Lunar 12th month of Ất Tỵ (2025) has 29 days: Tết 2026 is the day after 29/12.
    expect(() => lunarToJd({ day: 30, month: 12, year: 2025, leap: false })).toThrow(/only 29 days/);
  });
});
