/**
 * Admin overrides of the computed calendar. Each year the government decides the exact Tết
 * days off and swaps some weekdays with Saturdays (hoán đổi ngày làm việc); those decisions
 * are entered as overrides and always win over the computed rules.
 */
import { InvalidInputError } from '../shared/errors';
import { parseDay } from './dates';

export const OVERRIDE_KINDS = ['holiday', 'workday'] as const;
export type OverrideKind = (typeof OVERRIDE_KINDS)[number];

export interface Override {
  /** Local date YYYY-MM-DD (Asia/Ho_Chi_Minh). */
  date: string;
  /** 'holiday' = an extra day off; 'workday' = a working day even if the rules say otherwise (e.g. a swapped Saturday). */
  kind: OverrideKind;
  /** Why, as shown to staff, e.g. "Làm bù cho ngày 27/01/2025". NFC. */
  name: string;
}

const MAX_NAME = 200;

/** Validates one override and returns it normalised (name trimmed and NFC). */
export function validateOverride(input: unknown): Override {
  if (typeof input !== 'object' || input === null) {
    throw new InvalidInputError('calendar.bad_override', 'An override must be an object {date, kind, name}');
  }
  const { date, kind, name } = input as Record<string, unknown>;
  parseDay(date);
  if (!OVERRIDE_KINDS.includes(kind as OverrideKind)) {
    throw new InvalidInputError('calendar.bad_override', `Override kind must be one of ${OVERRIDE_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
  }
  const clean = typeof name === 'string' ? name.normalize('NFC').trim() : '';
  if (clean === '' || clean.length > MAX_NAME) {
    throw new InvalidInputError('calendar.bad_override', `Override name must be non-empty text of at most ${MAX_NAME} characters`);
  }
  return { date: date as string, kind: kind as OverrideKind, name: clean };
}

/** Validates a whole table: one entry per date (two entries for one day would be ambiguous). */
export function validateOverrides(list: readonly unknown[]): Override[] {
  const seen = new Set<string>();
  return list.map((item) => {
    const o = validateOverride(item);
    if (seen.has(o.date)) throw new InvalidInputError('calendar.bad_override', `Two overrides for ${o.date}`);
    seen.add(o.date);
    return o;
  });
}
