import type { AuthUser } from '../auth/roles';
import type { Db, DbOrTx } from '../db/client';
import { appendAudit } from '../db/sqlite/audit';
import type { Holiday } from './holidays';
import type { Override } from './overrides';
import { deleteOverride, listAllOverrides, listOverrides, upsertOverride } from './overrides-store';
import { createWorkingCalendar, type WorkingCalendar } from './working-calendar';

/**
 * The working calendar as the admin has amended the yearly table (lịch làm việc): statutory
 * holidays plus the stored overrides. Every amendment rebuilds it, so due dates computed after
 * the change (and the `clock` handed to the dossier domain) see the new table at once.
 */
export function createAmendedCalendar(db: Db, hours: string, now: () => number) {
  let calendar: WorkingCalendar = build();
  function build() {
    return createWorkingCalendar({ hours, overrides: listAllOverrides(db) });
  }
  /** The change and its audit entry commit together; the table is rebuilt once they have. */
  function amend(actor: AuthUser, op: 'upsert' | 'delete', change: (tx: DbOrTx) => Override): Override {
    const o = db.transaction(
      (tx) => {
        const saved = change(tx);
        appendAudit(tx, { action: 'calendar.amended', actor, detail: { op, ...saved } }, now());
        return saved;
      },
      { behavior: 'immediate' },
    );
    calendar = build();
    return o;
  }
  return {
    /** Working-time arithmetic on the current table (the dossier domain's WorkingClock). */
    clock: {
      dueDate: (a: number, d: number) => calendar.dueDate(a, d),
      addWorkingTime: (a: number, ms: number) => calendar.addWorkingTime(a, ms),
      workingMsBetween: (a: number, b: number) => calendar.workingMsBetween(a, b),
    },
    year: (year: number): { year: number; hours: string; holidays: Holiday[]; overrides: Override[] } => ({
      year,
      hours,
      holidays: calendar.holidaysOf(year),
      overrides: listOverrides(db, year),
    }),
    upsert: (actor: AuthUser, input: unknown) => amend(actor, 'upsert', (tx) => upsertOverride(tx, input)),
    remove: (actor: AuthUser, date: string) => amend(actor, 'delete', (tx) => deleteOverride(tx, date)),
  };
}

export type AmendedCalendar = ReturnType<typeof createAmendedCalendar>;
