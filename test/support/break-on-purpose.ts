import type Database from 'better-sqlite3';

/**
 * Makes every `event` on `table` fail ('broken on purpose'), on this connection only (a TEMP
 * trigger): a test then sees whether the writes around it roll back with it.
 */
export function breakOnPurpose(sqlite: Database.Database, table: string, event: 'INSERT' | 'UPDATE' | 'DELETE'): () => void {
  const name = `broken_${table}_${event.toLowerCase()}`;
  sqlite.exec(`CREATE TEMP TRIGGER ${name} BEFORE ${event} ON ${table} BEGIN SELECT RAISE(ABORT, 'broken on purpose'); END`);
  return () => sqlite.exec(`DROP TRIGGER ${name}`);
}

export const rowCount = (sqlite: Database.Database, table: string) => (sqlite.prepare(`select count(*) n from ${table}`).get() as { n: number }).n;
