import type Database from 'better-sqlite3';

/**
 * The database's count of committed changes to dossiers, their hand-offs and documents and the
 * procedures (kept by triggers: drizzle/0005_change_counter.sql). Any writer moves it, this
 * process or another, so a cache that compares it before answering never serves an answer
 * older than the last commit. Reading it is one prepared single-row query (~1 µs).
 */
export interface ChangeCounter {
  version(): number;
}

export function changeCounter(sqlite: Database.Database): ChangeCounter {
  const read = sqlite.prepare('SELECT n FROM change_counter WHERE id = 1').pluck();
  return { version: () => read.get() as number };
}
