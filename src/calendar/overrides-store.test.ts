import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../db/client';
import { InvalidInputError, NotFoundError } from '../shared/errors';
import { deleteOverride, listAllOverrides, listOverrides, upsertOverride } from './overrides-store';
import { createWorkingCalendar } from './working-calendar';

describe('calendar overrides store', () => {
  let h: DbHandle;
  beforeEach(() => {
    h = openDatabase(':memory:');
  });
  afterEach(() => h.close());

  it('upserts, lists by year in date order, and deletes', () => {
    upsertOverride(h.db, { date: '2025-02-08', kind: 'workday', name: 'Làm bù cho thứ Hai 27/01/2025' });
    upsertOverride(h.db, { date: '2025-01-27', kind: 'holiday', name: 'Nghỉ hoán đổi' });
    upsertOverride(h.db, { date: '2026-01-02', kind: 'holiday', name: 'Nghỉ Tết Dương lịch' });
    expect(listOverrides(h.db, 2025).map((o) => o.date)).toEqual(['2025-01-27', '2025-02-08']);
    expect(listOverrides(h.db, 2026)).toHaveLength(1);
    expect(listOverrides(h.db, 2024)).toEqual([]);

    // Upsert on the same date replaces kind and name.
    upsertOverride(h.db, { date: '2025-01-27', kind: 'workday', name: 'Đi làm bình thường' });
    expect(listOverrides(h.db, 2025)[0]).toEqual({ date: '2025-01-27', kind: 'workday', name: 'Đi làm bình thường' });

    expect(deleteOverride(h.db, '2025-01-27').kind).toBe('workday');
    expect(listAllOverrides(h.db).map((o) => o.date)).toEqual(['2025-02-08', '2026-01-02']);
    expect(() => deleteOverride(h.db, '2025-01-27')).toThrow(NotFoundError);
  });

  it('stores names trimmed and NFC-normalised', () => {
    const decomposed = '  Nghỉ bù Quốc khánh  '.normalize('NFD');
    const stored = upsertOverride(h.db, { date: '2026-09-03', kind: 'holiday', name: decomposed });
    expect(stored.name).toBe('Nghỉ bù Quốc khánh'.normalize('NFC'));
    expect(listOverrides(h.db, 2026)[0].name).toBe('Nghỉ bù Quốc khánh'.normalize('NFC'));
  });

  it('rejects invalid input without touching the table', () => {
    const bad = [
      { date: '2025-02-30', kind: 'holiday', name: 'Ngày không có thật' },
      { date: '08/02/2025', kind: 'workday', name: 'Sai định dạng' },
      { date: '2025-02-08', kind: 'nghỉ', name: 'Sai loại' },
      { date: '2025-02-08', kind: 'workday', name: '' },
      { date: '2025-02-08', kind: 'workday' },
      'not an object',
    ];
    for (const o of bad) expect(() => upsertOverride(h.db, o)).toThrow(InvalidInputError);
    expect(listAllOverrides(h.db)).toEqual([]);
    expect(() => deleteOverride(h.db, '2025-13-01')).toThrow(InvalidInputError);
    expect(() => listOverrides(h.db, Number.NaN)).toThrow(InvalidInputError);
  });

  it('feeds a working calendar', () => {
    upsertOverride(h.db, { date: '2025-02-08', kind: 'workday', name: 'Làm bù' });
    const cal = createWorkingCalendar({ overrides: listAllOverrides(h.db) });
    expect(cal.isWorkingDay('2025-02-08')).toBe(true);
  });
});
