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

/**
 * The change count, and both counts in one read: each read is a read transaction of its own
 * (its WAL locks cost more than the row, ~6 µs of CPU), so a request that needs both — a
 * signed-in request's session and its kept answer — reads them once (src/http/request-counts.ts).
 */
export function changeCounts(sqlite: Database.Database): ChangeCounter & { both(): { changes: number; sessions: number } } {
  const read = sqlite.prepare('SELECT c.n, s.n FROM change_counter c, session_counter s WHERE c.id = 1 AND s.id = 1').raw();
  const both = () => {
    const [changes, sessions] = read.get() as [number, number];
    return { changes, sessions };
  };
  return { ...changeCounter(sqlite), both };
}

export function changeCounter(sqlite: Database.Database, table: 'change_counter' | 'session_counter' = 'change_counter'): ChangeCounter {
  const read = sqlite.prepare(`SELECT n FROM ${table} WHERE id = 1`).pluck();
  return { version: () => read.get() as number };
}
