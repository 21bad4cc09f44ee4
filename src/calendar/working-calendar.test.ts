import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../shared/errors';
import { fromLocal, isoLocal } from '../shared/time';
import { createWorkingCalendar } from './working-calendar';

const H = 3600_000;
const cal = createWorkingCalendar();
/** Local wall-clock instant; 2026-03-06 is a Friday, 2026-03-09 a Monday. */
const at = (y: number, mo: number, d: number, h: number, mi = 0) => fromLocal(y, mo, d, h, mi);
const local = (ms: number) => isoLocal(ms).slice(0, 16);

describe('addWorkingTime / dueDate', () => {
  it('one day from Monday 07:00 ends Monday 17:00 (landing on the end of a period stays there)', () => {
    expect(local(cal.dueDate(at(2026, 3, 9, 7), 1))).toBe('2026-03-09T17:00');
    expect(local(cal.addWorkingTime(at(2026, 3, 9, 7), 4.5 * H))).toBe('2026-03-09T11:30');
  });

  it('Friday 16:00 + 1 day → Monday 16:00 (1 h on Friday, 7 h on Monday across the lunch break)', () => {
    expect(local(cal.dueDate(at(2026, 3, 6, 16), 1))).toBe('2026-03-09T16:00');
  });

  it('a dossier received after hours counts from the next working morning', () => {
    expect(local(cal.dueDate(at(2026, 3, 6, 17, 30), 1))).toBe('2026-03-09T17:00'); // Friday evening
    expect(local(cal.dueDate(at(2026, 3, 7, 9), 0.5))).toBe('2026-03-09T11:00'); // Saturday
    expect(local(cal.dueDate(at(2026, 3, 9, 6), 0.5))).toBe('2026-03-09T11:00'); // before opening
    expect(local(cal.dueDate(at(2026, 3, 6, 17), 1))).toBe('2026-03-09T17:00'); // exactly at closing
  });

  it('skips the lunch break', () => {
    expect(local(cal.addWorkingTime(at(2026, 3, 9, 11), 1 * H))).toBe('2026-03-09T14:00');
    expect(local(cal.addWorkingTime(at(2026, 3, 9, 12), 1 * H))).toBe('2026-03-09T14:30');
    expect(local(cal.addWorkingTime(at(2026, 3, 9, 11, 30), 30 * 60_000))).toBe('2026-03-09T14:00');
  });

  it('handles fractional days (0.5 day = 4 h, 1.5 days = 12 h)', () => {
    expect(local(cal.dueDate(at(2026, 3, 9, 7), 0.5))).toBe('2026-03-09T11:00');
    expect(local(cal.dueDate(at(2026, 3, 9, 13, 30), 0.5))).toBe('2026-03-10T07:30');
    expect(local(cal.dueDate(at(2026, 3, 9, 7), 1.5))).toBe('2026-03-10T11:00');
    expect(cal.dueDate(at(2026, 3, 9, 7), 0)).toBe(at(2026, 3, 9, 7));
  });

  it('a dossier received just before Tết 2026 lands after the break', () => {
    // Fri 13/2 15:00: 2 h that day; Mon 16 – Fri 20/2 are Tết, then the weekend; 6 h on Mon 23/2.
    expect(local(cal.dueDate(at(2026, 2, 13, 15), 1))).toBe('2026-02-23T15:00');
    expect(local(cal.dueDate(at(2026, 2, 13, 15), 3))).toBe('2026-02-25T15:00');
  });

  it('skips a compensatory day off (Giỗ Tổ 2026 on Sunday → Monday 27/4 off; 30/4, 1/5 holidays)', () => {
    expect(local(cal.dueDate(at(2026, 4, 24, 7), 2))).toBe('2026-04-28T17:00');
    expect(local(cal.dueDate(at(2026, 4, 29, 7), 2))).toBe('2026-05-04T17:00');
  });

  it('counts a swapped Saturday as working time and skips an extra holiday', () => {
    const withSwap = createWorkingCalendar({
      overrides: [
        { date: '2025-02-08', kind: 'workday', name: 'Làm bù cho thứ Hai 27/01/2025' },
        { date: '2025-02-10', kind: 'holiday', name: 'Nghỉ lễ địa phương' },
      ],
    });
    expect(local(withSwap.dueDate(at(2025, 2, 7, 16), 1))).toBe('2025-02-08T16:00');
    expect(local(cal.dueDate(at(2025, 2, 7, 16), 1))).toBe('2025-02-10T16:00');
    expect(local(withSwap.dueDate(at(2025, 2, 8, 16), 1))).toBe('2025-02-11T16:00');
  });

  it('uses the configured hours, and one day means one configured working day', () => {
    const mornings = createWorkingCalendar({ hours: '08:00-12:00' });
    expect(mornings.workingDayMs).toBe(4 * H);
    expect(local(mornings.dueDate(at(2026, 3, 6, 10), 1))).toBe('2026-03-09T10:00');
    const north = createWorkingCalendar({ hours: '07:30-11:30,13:00-17:00' });
    expect(local(north.dueDate(at(2026, 3, 9, 11), 0.5))).toBe('2026-03-09T16:30');
  });

  it('adds 30 working days quickly (no minute-by-minute stepping)', () => {
    // Mon 5/1/2026 09:00: the 30th working day after it is Fri 13/2, then Tết (16–20/2) → Mon 23/2 09:00.
    expect(local(cal.dueDate(at(2026, 1, 5, 9), 30))).toBe('2026-02-23T09:00');
    const t0 = performance.now();
    for (let i = 0; i < 2000; i++) createWorkingCalendar().dueDate(at(2026, 1, 5, 9) + i * 7_919_000, 30);
    const perCallMs = (performance.now() - t0) / 2000;
    expect(perCallMs).toBeLessThan(2); // a fresh calendar each time, so holiday computation is included
  });
});

describe('workingMsBetween / nextWorkingStart', () => {
  it('counts only working periods, signed by direction', () => {
    expect(cal.workingMsBetween(at(2026, 3, 6, 16), at(2026, 3, 9, 16))).toBe(8 * H);
    expect(cal.workingMsBetween(at(2026, 3, 9, 16), at(2026, 3, 6, 16))).toBe(-8 * H);
    expect(cal.workingMsBetween(at(2026, 3, 9, 11), at(2026, 3, 9, 14))).toBe(1 * H);
    expect(cal.workingMsBetween(at(2026, 3, 7, 8), at(2026, 3, 8, 20))).toBe(0); // weekend
    expect(cal.workingMsBetween(at(2026, 2, 13, 7), at(2026, 2, 24, 7))).toBe(2 * 8 * H); // Fri 13 + Mon 23 around Tết
    expect(cal.workingMsBetween(at(2026, 3, 9, 9), at(2026, 3, 9, 9))).toBe(0);
  });

  it('measures a paused clock: a supplement request stops the count, resuming continues it', () => {
    // Received Mon 9/3 07:00 with 3 days; paused Tue 10/3 09:00 → resumed Mon 16/3 13:30.
    const received = at(2026, 3, 9, 7);
    const used = cal.workingMsBetween(received, at(2026, 3, 10, 9));
    expect(used).toBe(10 * H);
    const due = cal.addWorkingTime(at(2026, 3, 16, 13, 30), 3 * cal.workingDayMs - used);
    expect(local(due)).toBe('2026-03-18T09:30'); // 14 h left: 3.5 h Mon, 8 h Tue, 2.5 h Wed
  });

  it('nextWorkingStart returns the instant itself inside hours, else the next opening', () => {
    expect(cal.nextWorkingStart(at(2026, 3, 9, 10))).toBe(at(2026, 3, 9, 10));
    expect(local(cal.nextWorkingStart(at(2026, 3, 9, 11, 30)))).toBe('2026-03-09T13:30');
    expect(local(cal.nextWorkingStart(at(2026, 3, 6, 17)))).toBe('2026-03-09T07:00');
    expect(local(cal.nextWorkingStart(at(2026, 2, 13, 18)))).toBe('2026-02-23T07:00');
    expect(local(cal.nextWorkingStart(at(2026, 3, 9, 0)))).toBe('2026-03-09T07:00');
  });

  it('is the inverse of addWorkingTime for many random starts and durations', () => {
    // Deterministic LCG so a failure reproduces.
    let seed = 20260223;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const from = at(2024, 12, 20, 0);
    const failures: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const start = Math.floor(from + rand() * 800 * 86_400_000);
      const w = Math.floor(rand() * 30 * cal.workingDayMs) + 1;
      const due = cal.addWorkingTime(start, w);
      if (cal.workingMsBetween(start, due) !== w) failures.push(`between(${start}, add(+${w})) ≠ ${w}`);
      // Earliest such instant: a millisecond earlier is not enough.
      if (cal.workingMsBetween(start, due - 1) >= w) failures.push(`add(${start}, ${w}) is not the earliest`);
      // Any later instant t: adding the working time up to t never goes past t.
      const t = start + Math.floor(rand() * 60 * 86_400_000);
      if (cal.addWorkingTime(start, cal.workingMsBetween(start, t)) > t) failures.push(`add∘between overshoots ${t}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('bad input', () => {
  it('rejects bad working hours', () => {
    for (const hours of ['', '7:00-11:30', '11:30-07:00', '07:00-12:00,11:00-17:00', '07:00-25:00', '07:60-08:00', 'sáng']) {
      expect(() => createWorkingCalendar({ hours })).toThrow(InvalidInputError);
    }
  });

  it('rejects non-finite instants and bad durations', () => {
    expect(() => cal.addWorkingTime(Number.NaN, H)).toThrow(InvalidInputError);
    expect(() => cal.addWorkingTime(at(2026, 3, 9, 7), -1)).toThrow(InvalidInputError);
    expect(() => cal.addWorkingTime(at(2026, 3, 9, 7), Number.POSITIVE_INFINITY)).toThrow(InvalidInputError);
    expect(() => cal.dueDate(at(2026, 3, 9, 7), -0.5)).toThrow(InvalidInputError);
    expect(() => cal.dueDate(at(2026, 3, 9, 7), 1e6)).toThrow(InvalidInputError);
    expect(() => cal.workingMsBetween(0, Number.NaN)).toThrow(InvalidInputError);
    expect(() => cal.workingMsBetween(0, 1e15)).toThrow(InvalidInputError);
    expect(() => cal.nextWorkingStart(undefined as never)).toThrow(InvalidInputError);
  });
});
