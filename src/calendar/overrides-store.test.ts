import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../db/client';
import { sqliteOverrideStore } from '../db/sqlite/calendar-overrides';
import { InvalidInputError, NotFoundError } from '../shared/errors';
import { deleteOverride, listAllOverrides, listOverrides, upsertOverride, type OverrideStore } from './overrides-store';
import { createWorkingCalendar } from './working-calendar';

describe('calendar overrides store', async () => {
  let h: DbHandle;
  let store: OverrideStore;
  beforeEach(() => {
    h = openDatabase(':memory:');
    store = sqliteOverrideStore(h.db);
  });
  afterEach(() => h.close());

  it('upserts, lists by year in date order, and deletes', async () => {
    await upsertOverride(store, { date: '2025-02-08', kind: 'workday', name: 'Làm bù cho thứ Hai 27/01/2025' });
    await upsertOverride(store, { date: '2025-01-27', kind: 'holiday', name: 'Nghỉ hoán đổi' });
    await upsertOverride(store, { date: '2026-01-02', kind: 'holiday', name: 'Nghỉ Tết Dương lịch' });
    expect((await listOverrides(store, 2025)).map((o) => o.date)).toEqual(['2025-01-27', '2025-02-08']);
    expect(await listOverrides(store, 2026)).toHaveLength(1);
    expect(await listOverrides(store, 2024)).toEqual([]);

    // Upsert on the same date replaces kind and name.
    await upsertOverride(store, { date: '2025-01-27', kind: 'workday', name: 'Đi làm bình thường' });
    expect((await listOverrides(store, 2025))[0]).toEqual({ date: '2025-01-27', kind: 'workday', name: 'Đi làm bình thường' });

    expect((await deleteOverride(store, '2025-01-27')).kind).toBe('workday');
    expect((await listAllOverrides(store)).map((o) => o.date)).toEqual(['2025-02-08', '2026-01-02']);
    await expect(deleteOverride(store, '2025-01-27')).rejects.toThrow(NotFoundError);
  });

  it('stores names trimmed and NFC-normalised', async () => {
    const decomposed = '  Nghỉ bù Quốc khánh  '.normalize('NFD');
    const stored = await upsertOverride(store, { date: '2026-09-03', kind: 'holiday', name: decomposed });
    expect(stored.name).toBe('Nghỉ bù Quốc khánh'.normalize('NFC'));
    expect((await listOverrides(store, 2026))[0].name).toBe('Nghỉ bù Quốc khánh'.normalize('NFC'));
  });

  it('rejects invalid input without touching the table', async () => {
    const bad = [
      { date: '2025-02-30', kind: 'holiday', name: 'Ngày không có thật' },
      { date: '08/02/2025', kind: 'workday', name: 'Sai định dạng' },
      { date: '2025-02-08', kind: 'nghỉ', name: 'Sai loại' },
      { date: '2025-02-08', kind: 'workday', name: '' },
      { date: '2025-02-08', kind: 'workday' },
      'not an object',
    ];
    for (const o of bad) await expect(upsertOverride(store, o)).rejects.toThrow(InvalidInputError);
    expect(await listAllOverrides(store)).toEqual([]);
    await expect(deleteOverride(store, '2025-13-01')).rejects.toThrow(InvalidInputError);
    await expect(listOverrides(store, Number.NaN)).rejects.toThrow(InvalidInputError);
  });

  it('feeds a working calendar', async () => {
    await upsertOverride(store, { date: '2025-02-08', kind: 'workday', name: 'Làm bù' });
    const cal = createWorkingCalendar({ overrides: await listAllOverrides(store) });
    expect(cal.isWorkingDay('2025-02-08')).toBe(true);
  });
});
