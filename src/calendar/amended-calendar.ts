import type { AuthUser } from '../auth/roles';
import type { Holiday } from './holidays';
import type { Override } from './overrides';
import { deleteOverride, listAllOverrides, listOverrides, upsertOverride, type AmendmentAudit, type OverrideStore } from './overrides-store';
import { createWorkingCalendar, type WorkingCalendar } from './working-calendar';

/**
 * The working calendar as the admin has amended the yearly table (lịch làm việc): statutory
 * holidays plus the stored overrides, read once here (hence async) and kept. Every amendment
 * rebuilds it, so due dates computed after the change (and the `clock` handed to the dossier
 * domain) see the new table at once.
 */
export async function loadAmendedCalendar(store: OverrideStore, hours: string) {
  const build = async () => createWorkingCalendar({ hours, overrides: await listAllOverrides(store) });
  let calendar: WorkingCalendar = await build();
  /** The store commits the change with its audit entry; the table is rebuilt once they have. */
  async function amend(actor: AuthUser, op: 'upsert' | 'delete', change: (audit: AmendmentAudit) => Promise<Override>): Promise<Override> {
    const o = await change((saved) => ({ action: 'calendar.amended', actor, detail: { op, ...saved } }));
    calendar = await build();
    return o;
  }
  return {
    /** Working-time arithmetic on the current table (the dossier domain's WorkingClock). */
    clock: {
      dueDate: (a: number, d: number) => calendar.dueDate(a, d),
      addWorkingTime: (a: number, ms: number) => calendar.addWorkingTime(a, ms),
      workingMsBetween: (a: number, b: number) => calendar.workingMsBetween(a, b),
    },
    async year(year: number): Promise<{ year: number; hours: string; holidays: Holiday[]; overrides: Override[] }> {
      const holidays = calendar.holidaysOf(year);
      return { year, hours, holidays, overrides: await listOverrides(store, year) };
    },
    upsert: (actor: AuthUser, input: unknown) => amend(actor, 'upsert', (audit) => upsertOverride(store, input, audit)),
    remove: (actor: AuthUser, date: string) => amend(actor, 'delete', (audit) => deleteOverride(store, date, audit)),
  };
}

export type AmendedCalendar = Awaited<ReturnType<typeof loadAmendedCalendar>>;
