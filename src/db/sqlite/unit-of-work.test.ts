import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { appendEntry, verifyChain } from '../../audit/audit-log';
import { SqliteQueue } from './queue';
import { seedProcedures } from './procedures';
import { openDatabase, type DbHandle } from '../client';
import { auditLog, jobs, users } from '../schema';
import { sqliteAuditReader } from './audit';
import { sqliteUnitOfWork } from './unit-of-work';

let handle: DbHandle;
afterEach(() => handle?.close());

function setup() {
  handle = openDatabase(':memory:');
  seedProcedures(handle.db);
  handle.db.insert(users).values({ username: 'r', displayName: 'R', role: 'reception', passwordHash: 'x', createdAt: 0 }).run();
  const queue = new SqliteQueue(handle.db);
  return { db: handle.db, queue, uow: sqliteUnitOfWork(handle, queue) };
}

const dossier = (code: string) => ({ code, agencyCode: 'A', procedureCode: '1.001193', applicantName: 'Nguyễn Văn A', applicantId: '001085012345', applicantPhone: '0912345678', applicantAddress: null, channel: 'direct' as const, status: 'received', receivedAt: 0, dueAt: 1, receivedBy: 1 });

describe('the SQLite unit of work', () => {
  it('commits the change, its audit entry and its job together, and announces the job after COMMIT', async () => {
    const { db, queue, uow } = setup();
    const told: { kind: string; inTransaction: boolean; jobs: number }[] = [];
    queue.onEnqueued((kind) => told.push({ kind, inTransaction: handle.sqlite.inTransaction, jobs: db.select().from(jobs).all().length }));
    await uow.run(async (tx) => {
      await tx.dossiers.insert(dossier('D1'));
      await tx.jobs.enqueue('ocr', { documentId: 'x' });
      await appendEntry(tx.audit, { action: 'dossier.received', dossierCode: 'D1' }, 1);
      expect(told).toEqual([]);
    });
    expect(told).toEqual([{ kind: 'ocr', inTransaction: false, jobs: 1 }]);
    expect(await verifyChain(sqliteAuditReader(db))).toMatchObject({ chainValid: true, checked: 1 });
  });

  it('a body that throws leaves no row, no audit entry, no job and no announcement', async () => {
    const { db, queue, uow } = setup();
    const told: string[] = [];
    queue.onEnqueued((kind) => told.push(kind));
    const failing = uow.run(async (tx) => {
      await tx.dossiers.insert(dossier('D1'));
      await tx.jobs.enqueue('ocr', {});
      await appendEntry(tx.audit, { action: 'dossier.received', dossierCode: 'D1' }, 1);
      throw new Error('the hand-off could not be written');
    });
    await expect(failing).rejects.toThrow('could not be written');
    expect(await uow.read((r) => r.dossiers.get('D1'))).toBeUndefined();
    expect(db.select().from(auditLog).all()).toEqual([]);
    expect(db.select().from(jobs).all()).toEqual([]);
    expect(told).toEqual([]);
    expect(handle.sqlite.inTransaction).toBe(false);
  });

  it('units started together run one after the other, and a read waits for the unit in progress', async () => {
    const { uow } = setup();
    const trace: string[] = [];
    const unit = (code: string) =>
      uow.run(async (tx) => {
        trace.push(`${code} begin`);
        await tx.dossiers.insert(dossier(code));
        await appendEntry(tx.audit, { action: 'dossier.received', dossierCode: code }, 1);
        trace.push(`${code} end`);
      });
    const units = [unit('D1'), unit('D2')];
    const read = uow.read(async (r) => (await r.dossiers.get('D1'))?.code).then((seen) => trace.push(`read ${seen}`));
    await Promise.all([...units, read]);
    expect(trace).toEqual(['D1 begin', 'D1 end', 'D2 begin', 'D2 end', 'read D1']);
  });

  it("a write outside the units, in flight when one begins, stays out of that unit's transaction", async () => {
    const { db, uow } = setup();
    const failing = uow.run(async (tx) => {
      await tx.dossiers.insert(dossier('D1'));
      for (let i = 0; i < 10; i++) await tx.dossiers.get('D1');
      throw new Error('rolled back');
    });
    // Another request's code a few microtasks on, writing outside any unit (as a login does).
    const stray = (async () => {
      for (let i = 0; i < 5; i++) await null;
      db.insert(users).values({ username: 'stray', displayName: 'S', role: 'clerk', passwordHash: 'x', createdAt: 0 }).run();
    })();
    await expect(failing).rejects.toThrow('rolled back');
    await stray;
    expect(db.select().from(users).all().map((u) => u.username)).toContain('stray');
  });

  it('refuses, and rolls back, a body that waits for I/O while it holds the database', async () => {
    const { db, uow } = setup();
    const slow = uow.run(async (tx) => {
      await tx.dossiers.insert(dossier('D1'));
      await sleep(5); // a timer: other requests' statements could run inside this transaction
    });
    await expect(slow).rejects.toThrow(/waited for I\/O/);
    expect(await uow.read((r) => r.dossiers.get('D1'))).toBeUndefined();
    expect(db.select().from(auditLog).all()).toEqual([]);
  });
});
