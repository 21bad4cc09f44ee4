import type { DossierReads, DossierTx, UnitOfWork } from '../../dossiers/store';
import { Mutex } from '../../shared/mutex';
import type { DbHandle } from '../client';
import { sqliteReads, sqliteTx } from './dossier-store';
import { SqliteQueue } from './queue';

/**
 * The unit of work on one better-sqlite3 connection. better-sqlite3 transactions are
 * synchronous, and an async body cannot run inside `db.transaction(fn)`; so each unit opens
 * BEGIN IMMEDIATE (SQLite's write lock, taken at the start: no later upgrade that could fail
 * half-way), awaits the body, and COMMITs — or ROLLBACKs if the body throws. The units are
 * serialised by a mutex, because on one connection a second BEGIN would fail and a statement
 * of another unit would land inside this one's transaction. Code outside the units (the
 * queue's claim, logins) still writes synchronously on the same connection; that it
 * never runs inside a unit's transaction rests on two rules: a unit begins in a fresh
 * macrotask (no foreign microtask is queued then), and its body may not wait for I/O (checked:
 * a macrotask passing inside it rolls it back). Files and signing are done before the unit.
 * `afterCommit` hooks (a job announced to its runner) run once COMMIT has returned.
 */
export function sqliteUnitOfWork(handle: Pick<DbHandle, 'db' | 'sqlite'>, queue: Pick<SqliteQueue, 'jobsTx'> = new SqliteQueue(handle.db)): UnitOfWork & { reads: DossierReads } {
  const mutex = new Mutex();
  const reads = sqliteReads(handle.db);
  return {
    reads,
    run<T>(work: (tx: DossierTx) => Promise<T>): Promise<T> {
      return mutex.lock(async () => {
        const hooks: (() => void)[] = [];
        // Begin at the start of a macrotask of our own: no other code's microtasks are queued
        // then, so none can run (and write) between this unit's statements.
        await new Promise<void>((r) => setImmediate(r));
        handle.sqlite.exec('BEGIN IMMEDIATE');
        // Only microtasks may pass inside a unit: were a macrotask (I/O, a timer) to run, another
        // request's statements could land in this transaction. Such a body is refused, rolled back.
        let crossed = false;
        const watch = setImmediate(() => (crossed = true));
        let result: T;
        try {
          result = await work(sqliteTx(handle.db, queue, (fn) => hooks.push(fn)));
          if (crossed) throw new Error('a unit of work waited for I/O while holding the database: do the I/O before it');
          handle.sqlite.exec('COMMIT');
        } catch (e) {
          if (handle.sqlite.inTransaction) handle.sqlite.exec('ROLLBACK');
          throw e;
        } finally {
          clearImmediate(watch);
        }
        for (const hook of hooks) hook();
        return result;
      });
    },
    // Waits for a unit in progress, so a read never sees what it has not committed yet.
    read: (work) => mutex.lock(() => work(reads)),
  };
}
