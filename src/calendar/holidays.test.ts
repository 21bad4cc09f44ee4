import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../shared/errors';
import { createWorkingCalendar } from './working-calendar';

const dates = (list: { date: string }[]) => list.map((h) => h.date);

describe('statutory holidays and compensation (Bộ luật Lao động 2019, Điều 111–112)', () => {
  const cal = createWorkingCalendar();

  it('lists the 11 statutory days of 2026 with Vietnamese names, plus compensation for a Sunday Giỗ Tổ', () => {
    const h = cal.holidaysOf(2026);
    expect(dates(h)).toEqual([
      '2026-01-01',
      '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', // 29 Tết + mùng 1–4
      '2026-04-26', '2026-04-27', // Giỗ Tổ on Sunday → Monday off
      '2026-04-30', '2026-05-01',
      '2026-09-01', '2026-09-02',
    ]);
    expect(h.find((x) => x.date === '2026-02-17')?.name).toBe('Tết Nguyên đán (mùng 1)');
    expect(h.find((x) => x.date === '2026-04-27')?.name).toBe('Nghỉ bù Giỗ Tổ Hùng Vương (10/3 Âm lịch)');
    for (const x of h) expect(x.name).toBe(x.name.normalize('NFC'));
  });

  it('pushes several weekend holidays past the whole block (2023: Giỗ Tổ Sat 29/4, 30/4 Sun → 2/5 and 3/5)', () => {
    // These match the days actually given off in 2023 (29/4–3/5, and 1–4/9).
    const h = dates(cal.holidaysOf(2023));
    expect(h).toEqual(expect.arrayContaining(['2023-04-29', '2023-04-30', '2023-05-01', '2023-05-02', '2023-05-03']));
    expect(h).toContain('2023-09-04');
    expect(cal.isWorkingDay('2023-05-04')).toBe(true);
    expect(cal.isWorkingDay('2023-09-04')).toBe(false);
    expect(cal.isWorkingDay('2023-09-05')).toBe(true);
  });

  it('compensates 1/1 on a Saturday on the following Monday (2022)', () => {
    expect(cal.isWorkingDay('2022-01-03')).toBe(false);
    expect(cal.isWorkingDay('2022-01-04')).toBe(true);
  });

  it('puts the Tết compensation after the weekend (2025: mùng 4 on Saturday → Monday 3/2)', () => {
    expect(dates(cal.holidaysOf(2025)).slice(1, 7)).toEqual(['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-03']);
  });

  it('can put the day beside Quốc khánh on 3/9', () => {
    const alt = createWorkingCalendar({ nationalDayExtra: '09-03' });
    expect(alt.isWorkingDay('2026-09-01')).toBe(true);
    expect(alt.isWorkingDay('2026-09-03')).toBe(false);
    expect(cal.isWorkingDay('2026-09-03')).toBe(true);
    expect(() => createWorkingCalendar({ nationalDayExtra: '09-05' as never }).holidaysOf(2026)).toThrow(InvalidInputError);
  });

  it('treats weekends as days off and ordinary weekdays as working days', () => {
    expect(cal.isWorkingDay('2026-03-07')).toBe(false); // Saturday
    expect(cal.isWorkingDay('2026-03-08')).toBe(false); // Sunday
    expect(cal.isWorkingDay('2026-03-09')).toBe(true);
  });

  it('rejects malformed and non-existent dates', () => {
    for (const bad of ['2026-02-30', '2026-2-3', '26-02-03', '2026-13-01', '']) {
      expect(() => cal.isWorkingDay(bad)).toThrow(InvalidInputError);
    }
    expect(() => cal.holidaysOf(2026.5)).toThrow(InvalidInputError);
    expect(() => cal.holidaysOf(1500)).toThrow(InvalidInputError);
  });
});

describe('admin overrides', () => {
  // The 2025 decision: Tết off Sat 25/1 – Sun 2/2, Monday 27/1 swapped with Saturday 8/2,
  // and Monday 3/2 a normal working day (the rule-based compensation is superseded).
  const tet2025 = [
    { date: '2025-01-27', kind: 'holiday' as const, name: 'Nghỉ hoán đổi (làm bù thứ Bảy 08/02/2025)' },
    { date: '2025-02-08', kind: 'workday' as const, name: 'Làm bù cho thứ Hai 27/01/2025' },
    { date: '2025-02-03', kind: 'workday' as const, name: 'Đi làm theo Thông báo của Bộ LĐ-TB&XH' },
    { date: '2025-06-10', kind: 'holiday' as const, name: 'Nghỉ lễ địa phương' },
  ];
  const cal = createWorkingCalendar({ overrides: tet2025 });

  it('makes a swapped Saturday a working day and adds extra days off', () => {
    expect(cal.isWorkingDay('2025-02-08')).toBe(true);
    expect(cal.isWorkingDay('2025-01-27')).toBe(false);
    expect(cal.isWorkingDay('2025-02-03')).toBe(true);
    expect(cal.isWorkingDay('2025-06-10')).toBe(false);
  });

  it('shows overrides in holidaysOf: added holidays in, overridden days out', () => {
    const h = cal.holidaysOf(2025);
    expect(dates(h)).toContain('2025-01-27');
    expect(dates(h)).toContain('2025-06-10');
    expect(dates(h)).not.toContain('2025-02-03');
    expect(h.find((x) => x.date === '2025-06-10')?.name).toBe('Nghỉ lễ địa phương');
    expect(dates(h)).toEqual([...dates(h)].sort());
  });

  it('rejects invalid overrides with InvalidInputError', () => {
    const bad = [
      { date: '2025-02-29', kind: 'holiday', name: 'x' },
      { date: '2025-02-08', kind: 'weekend', name: 'x' },
      { date: '2025-02-08', kind: 'workday', name: '   ' },
      null,
    ];
    for (const o of bad) expect(() => createWorkingCalendar({ overrides: [o as never] })).toThrow(InvalidInputError);
    const twice = [tet2025[0], { ...tet2025[0], kind: 'workday' as const }];
    expect(() => createWorkingCalendar({ overrides: twice })).toThrow(/Two overrides/);
  });
});
