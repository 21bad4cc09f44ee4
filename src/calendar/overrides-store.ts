/**
 * Persistence of the admin-amended calendar overrides (table calendar_overrides).
 * Functions take the caller's db or transaction, so an amendment and its audit entry
 * ('calendar.amended') can commit together.
 */
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { calendarOverrides } from '../db/schema';
import { InvalidInputError, NotFoundError } from '../shared/errors';
import { parseDay } from './dates';
import { validateOverride, type Override } from './overrides';

function assertYear(year: unknown): asserts year is number {
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new InvalidInputError('calendar.bad_year', `Not a four-digit year: ${String(year)}`);
  }
}

/** Overrides dated in `year`, in date order. */
export function listOverrides(db: DbOrTx, year: number): Override[] {
  assertYear(year);
  // ISO dates sort as text, so a year is a closed text range.
  return db
    .select()
    .from(calendarOverrides)
    .where(and(gte(calendarOverrides.date, `${year}-01-01`), lte(calendarOverrides.date, `${year}-12-31`)))
    .orderBy(asc(calendarOverrides.date))
    .all();
}

/** Every stored override, for building the calendar at start-up. */
export function listAllOverrides(db: DbOrTx): Override[] {
  return db.select().from(calendarOverrides).orderBy(asc(calendarOverrides.date)).all();
}

/** Inserts or replaces the override of its date; returns what was stored (validated, NFC). */
export function upsertOverride(db: DbOrTx, input: unknown): Override {
  const o = validateOverride(input);
  db.insert(calendarOverrides)
    .values(o)
    .onConflictDoUpdate({ target: calendarOverrides.date, set: { kind: o.kind, name: o.name } })
    .run();
  return o;
}

/** Removes the override of `date`; NotFoundError if there is none, so a typo does not pass silently. */
export function deleteOverride(db: DbOrTx, date: string): Override {
  parseDay(date);
  const row = db.delete(calendarOverrides).where(eq(calendarOverrides.date, date)).returning().get();
  if (!row) throw new NotFoundError('calendar.no_override', `No calendar override on ${date}`);
  return row;
}
