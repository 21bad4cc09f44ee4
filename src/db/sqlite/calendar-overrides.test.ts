import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { breakOnPurpose, rowCount } from '../../../test/support/break-on-purpose';
import type { AuthUser } from '../../auth/roles';
import { loadAmendedCalendar, type AmendedCalendar } from '../../calendar/amended-calendar';
import { openDatabase, type DbHandle } from '../client';
import { sqliteOverrideStore } from './calendar-overrides';

const admin = { id: 1, username: 'admin', role: 'admin', displayName: 'Quản trị' } as AuthUser;
const SWAP = { date: '2026-12-26', kind: 'workday', name: 'Làm bù cho thứ Năm 31/12/2026' } as const;

/**
 * An amendment and its audit entry commit together or not at all. Each side is broken on
 * purpose by a trigger that aborts its insert (or delete), so whichever the store writes
 * first, writing them outside one transaction would leave the other behind.
 */
describe('calendar amendments on SQLite commit with their audit entry', () => {
  let h: DbHandle;
  let calendar: AmendedCalendar;
  const rows = (table: string) => rowCount(h.sqlite, table);
  beforeEach(async () => {
    h = openDatabase(':memory:');
    calendar = await loadAmendedCalendar(sqliteOverrideStore(h.db, () => 1_790_000_000_000), '07:30-11:30,13:30-17:30');
  });
  afterEach(() => h.close());

  it('records an amendment with its entry', async () => {
    await calendar.upsert(admin, SWAP);
    expect([rows('calendar_overrides'), rows('audit_log')]).toEqual([1, 1]);
    await calendar.remove(admin, SWAP.date);
    expect([rows('calendar_overrides'), rows('audit_log')]).toEqual([0, 2]);
  });

  it('an amendment whose audit append fails leaves no override, and the calendar as it was', async () => {
    breakOnPurpose(h.sqlite, 'audit_log', 'INSERT');
    await expect(calendar.upsert(admin, SWAP)).rejects.toThrow(/broken on purpose/);
    expect([rows('calendar_overrides'), rows('audit_log')]).toEqual([0, 0]);
    expect((await calendar.year(2026)).overrides).toEqual([]);
  });

  it('an override that cannot be stored leaves no audit entry', async () => {
    breakOnPurpose(h.sqlite, 'calendar_overrides', 'INSERT');
    await expect(calendar.upsert(admin, SWAP)).rejects.toThrow(/broken on purpose/);
    expect([rows('calendar_overrides'), rows('audit_log')]).toEqual([0, 0]);
  });

  it('a removal whose audit append fails keeps the override, and one that cannot be removed records nothing', async () => {
    await calendar.upsert(admin, SWAP);
    const before = calendar.clock.workingMsBetween(Date.parse('2026-12-26T00:00:00+07:00'), Date.parse('2026-12-27T00:00:00+07:00'));
    const repair = breakOnPurpose(h.sqlite, 'audit_log', 'INSERT');
    await expect(calendar.remove(admin, SWAP.date)).rejects.toThrow(/broken on purpose/);
    expect([rows('calendar_overrides'), rows('audit_log')]).toEqual([1, 1]);
    // The swapped Saturday is still a working day for due dates.
    expect(calendar.clock.workingMsBetween(Date.parse('2026-12-26T00:00:00+07:00'), Date.parse('2026-12-27T00:00:00+07:00'))).toBe(before);
    expect(before).toBeGreaterThan(0);
    repair();
    breakOnPurpose(h.sqlite, 'calendar_overrides', 'DELETE');
    await expect(calendar.remove(admin, SWAP.date)).rejects.toThrow(/broken on purpose/);
    expect([rows('calendar_overrides'), rows('audit_log')]).toEqual([1, 1]);
  });
});
