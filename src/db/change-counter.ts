import type Database from 'better-sqlite3';

/**
 * A count of committed changes kept by triggers, so any writer moves it, this process or
 * another, and a cache that compares it before answering never serves anything older than the
 * last commit. Reading it is one prepared single-row query (~1 µs).
 * - `change_counter` (drizzle/0005_change_counter.sql): dossiers, their hand-offs and
 *   documents and the procedures — what the kept lists and lookups show.
 * - `session_counter` (drizzle/0006_session_counter.sql): sign-in tokens ended or altered and
 *   accounts changed — what the session cache (src/auth/session-cache.ts) resolves.
 */
export interface ChangeCounter {
  version(): number;
}

export function changeCounter(sqlite: Database.Database, table: 'change_counter' | 'session_counter' = 'change_counter'): ChangeCounter {
  const read = sqlite.prepare(`SELECT n FROM ${table} WHERE id = 1`).pluck();
  return { version: () => read.get() as number };
}
