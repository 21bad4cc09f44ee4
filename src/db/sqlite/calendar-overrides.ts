import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { OverrideStore } from '../../calendar/overrides-store';
import type { Db } from '../client';
import { calendarOverrides } from '../schema';
import { appendAudit } from './audit';

/**
 * Calendar overrides in SQLite (table calendar_overrides). Each change and its audit entry run
 * in one BEGIN IMMEDIATE transaction: the entry's sequence is taken under the write lock.
 */
export function sqliteOverrideStore(db: Db, now: () => number = Date.now): OverrideStore {
  return {
    // ISO dates sort as text, so a span of days is a closed text range.
    between: async (first, last) =>
      db
        .select()
        .from(calendarOverrides)
        .where(and(gte(calendarOverrides.date, first), lte(calendarOverrides.date, last)))
        .orderBy(asc(calendarOverrides.date))
        .all(),
    all: async () => db.select().from(calendarOverrides).orderBy(asc(calendarOverrides.date)).all(),
    async upsert(o, audit) {
      db.transaction(
        (tx) => {
          tx.insert(calendarOverrides)
            .values(o)
            .onConflictDoUpdate({ target: calendarOverrides.date, set: { kind: o.kind, name: o.name } })
            .run();
          if (audit) appendAudit(tx, audit, now());
        },
        { behavior: 'immediate' },
      );
    },
    async delete(date, audit) {
      return db.transaction(
        (tx) => {
          const removed = tx.delete(calendarOverrides).where(eq(calendarOverrides.date, date)).returning().get();
          if (removed && audit) appendAudit(tx, audit(removed), now());
          return removed;
        },
        { behavior: 'immediate' },
      );
    },
  };
}
