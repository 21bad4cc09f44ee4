import type Database from 'better-sqlite3';
import { asc, desc, eq, gt, inArray } from 'drizzle-orm';
import { canonicalJson, nextEntry, type AuditEntry, type AuditInput } from '../../audit/audit-log';
import type { AuditCheckpointWriter, AuditReader, AuditStore, StoredAuditEntry } from '../../audit/ports';
import type { Db, DbOrTx } from '../client';
import { auditCheckpoints, auditLog } from '../schema';

/** The audit trail's rows in SQLite. Inside BEGIN IMMEDIATE the head needs no lock of its own: the transaction holds the database's. */
export function sqliteAuditStore(db: DbOrTx): AuditStore {
  return {
    lockHead: async () => lastEntry(db),
    insert: async (entry) => void db.insert(auditLog).values(entry).run(),
  };
}

export function sqliteAuditReader(db: DbOrTx): AuditReader {
  return {
    async entries(dossierCode) {
      const q = db.select().from(auditLog);
      return (dossierCode ? q.where(eq(auditLog.dossierCode, dossierCode)) : q).orderBy(asc(auditLog.seq)).all();
    },
    scan: async (afterSeq, limit) => db.select().from(auditLog).where(gt(auditLog.seq, afterSeq)).orderBy(asc(auditLog.seq)).limit(limit).all(),
    async links(seqs) {
      const rows: { seq: number; hash: string; prevHash: string }[] = [];
      for (let i = 0; i < seqs.length; i += 500) {
        rows.push(...db.select({ seq: auditLog.seq, hash: auditLog.hash, prevHash: auditLog.prevHash }).from(auditLog).where(inArray(auditLog.seq, seqs.slice(i, i + 500))).all());
      }
      return rows;
    },
    head: async () => lastEntry(db),
    checkpoints: async () => db.select({ seq: auditCheckpoints.seq, hash: auditCheckpoints.hash }).from(auditCheckpoints).orderBy(asc(auditCheckpoints.seq)).all(),
  };
}

export function sqliteCheckpointWriter(db: Db): AuditCheckpointWriter {
  return {
    async record(checkpoints, at) {
      if (checkpoints.length === 0) return;
      db.insert(auditCheckpoints).values(checkpoints.map((c) => ({ ...c, verifiedAt: at }))).onConflictDoNothing().run();
    },
  };
}

const lastEntry = (db: DbOrTx) => db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1).get();

/**
 * An entry appended synchronously in a drizzle transaction, for the code not yet on the
 * ports (calendar, users, archive renewal, the digitisation runner); `tx` must be a transaction.
 */
export function appendAudit(tx: DbOrTx, input: AuditInput, now: number = Date.now()): AuditEntry {
  const entry = nextEntry(lastEntry(tx), input, now);
  tx.insert(auditLog).values({ ...entry, detail: canonicalJson(entry.detail) }).run();
  return entry;
}

/** An entry that is itself the change (a search, a settings change): its own transaction. */
export function recordAudit(db: Db, input: AuditInput, now: number = Date.now()): AuditEntry {
  return db.transaction((tx) => appendAudit(tx, input, now), { behavior: 'immediate' });
}

/** Every row of the trail straight from a connection, in order (the backup checks a copied file with it). */
export function auditRows(sqlite: Database.Database): Iterable<StoredAuditEntry> {
  return sqlite
    .prepare('SELECT seq, at, actor_id AS actorId, actor_name AS actorName, action, dossier_code AS dossierCode, detail, prev_hash AS prevHash, hash FROM audit_log ORDER BY seq')
    .iterate() as Iterable<StoredAuditEntry>;
}
