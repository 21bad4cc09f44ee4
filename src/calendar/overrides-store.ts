/**
 * The admin-amended calendar overrides behind a port: validation and the year rule here, the
 * rows in an adapter (SQLite: src/db/sqlite/calendar-overrides.ts). An amendment's audit entry
 * ('calendar.amended') is handed to the store, which appends it in the transaction of the
 * change: both commit, or neither.
 */
import type { AuditInput } from '../audit/audit-log';
import { InvalidInputError, NotFoundError } from '../shared/errors';
import { parseDay } from './dates';
import { validateOverride, type Override } from './overrides';

export interface OverrideStore {
  /** Overrides dated from `first` to `last` (ISO days, both included), in date order. */
  between(first: string, last: string): Promise<Override[]>;
  /** Every stored override, in date order. */
  all(): Promise<Override[]>;
  /** Inserts or replaces the override of its date; `audit`, when given, is appended in the same transaction. */
  upsert(o: Override, audit?: AuditInput): Promise<void>;
  /** Removes the override of `date` and appends `audit(removed)` with it; undefined (nothing written) when there is none. */
  delete(date: string, audit?: (removed: Override) => AuditInput): Promise<Override | undefined>;
}

/** What an amendment records in the audit trail, made from the override it stored or removed. */
export type AmendmentAudit = (o: Override) => AuditInput;

function assertYear(year: unknown): asserts year is number {
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new InvalidInputError('calendar.bad_year', `Not a four-digit year: ${String(year)}`);
  }
}

/** Overrides dated in `year`, in date order. */
export async function listOverrides(store: OverrideStore, year: number): Promise<Override[]> {
  assertYear(year);
  return store.between(`${year}-01-01`, `${year}-12-31`);
}

/** Every stored override, for building the calendar at start-up. */
export function listAllOverrides(store: OverrideStore): Promise<Override[]> {
  return store.all();
}

/** Inserts or replaces the override of its date; returns what was stored (validated, NFC). */
export async function upsertOverride(store: OverrideStore, input: unknown, audit?: AmendmentAudit): Promise<Override> {
  const o = validateOverride(input);
  await store.upsert(o, audit?.(o));
  return o;
}

/** Removes the override of `date`; NotFoundError if there is none, so a typo does not pass silently. */
export async function deleteOverride(store: OverrideStore, date: string, audit?: AmendmentAudit): Promise<Override> {
  parseDay(date);
  const removed = await store.delete(date, audit);
  if (!removed) throw new NotFoundError('calendar.no_override', `No calendar override on ${date}`);
  return removed;
}
