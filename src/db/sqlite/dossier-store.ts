import { and, desc, eq, inArray, max, sql } from 'drizzle-orm';
import type { AuditStore } from '../../audit/ports';
import type { DocumentRecord, DossierRecord } from '../../dossiers/records';
import { DuplicateKeyError, type DossierReads, type DossierTx } from '../../dossiers/store';
import type { JobsTx } from '../../jobs/ports';
import type { DbOrTx } from '../client';
import { prepared } from '../prepared';
import { auditLog, documents, dossiers, signatures, transitions } from '../schema';
import type { Queue } from '../../jobs/queue';

/**
 * The dossier repositories on better-sqlite3 (drizzle). Run inside the unit of work's
 * BEGIN IMMEDIATE, which holds SQLite's one write lock: that is the lock every port method
 * promises (chain head, day sequence, copy numbers).
 */
export function sqliteReads(db: DbOrTx): DossierReads {
  return {
    dossiers: {
      async get(code) {
        const byCode = prepared(db, 'dossier.byCode', () => db.select().from(dossiers).where(eq(dossiers.code, sql.placeholder('code'))).prepare());
        return byCode.get({ code }) as DossierRecord | undefined;
      },
    },
    documents: {
      get: async (dossierCode, id) => db.select().from(documents).where(and(eq(documents.id, id), eq(documents.dossierCode, dossierCode))).get() as DocumentRecord | undefined,
      digitisedOf: async (citizenId, ids) =>
        ids.length === 0 ? [] : (db.select().from(documents).where(and(inArray(documents.id, [...ids]), eq(documents.citizenId, citizenId), eq(documents.status, 'done'))).all() as DocumentRecord[]),
    },
    signatures: {
      lastCopySeq: async (year) => db.select({ n: max(signatures.copySeq) }).from(signatures).where(eq(signatures.copyYear, year)).get()?.n ?? 0,
    },
  };
}

export function sqliteTx(db: DbOrTx, queue: Pick<Queue, 'enqueue' | 'announce'>, afterCommit: (fn: () => void) => void): DossierTx {
  const reads = sqliteReads(db);
  const audit: AuditStore = {
    lockHead: async () => db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1).get(),
    insert: async (entry) => void db.insert(auditLog).values(entry).run(),
  };
  const jobsTx: JobsTx = {
    async enqueue(kind, payload) {
      const id = queue.enqueue(db, kind, payload);
      afterCommit(() => queue.announce(kind));
      return id;
    },
  };
  return {
    dossiers: {
      ...reads.dossiers,
      insert: async (row) => void db.insert(dossiers).values(row).run(),
      update: async (code, version, patch) =>
        db
          .update(dossiers)
          .set({ ...patch, version: version + 1 })
          .where(and(eq(dossiers.code, code), eq(dossiers.version, version)))
          .returning()
          .get() as DossierRecord | undefined,
      async nextNumber(agencyCode, day) {
        const row = db.get<{ last: number }>(
          sql`INSERT INTO dossier_sequences (agency_code, day, last) VALUES (${agencyCode}, ${day}, 1)
              ON CONFLICT (agency_code, day) DO UPDATE SET last = last + 1 RETURNING last`,
        );
        return row.last;
      },
    },
    documents: { ...reads.documents, insert: async (row) => void db.insert(documents).values(row).run() },
    transitions: { insert: async (row) => void db.insert(transitions).values(row).run() },
    signatures: {
      ...reads.signatures,
      async insert(row) {
        try {
          db.insert(signatures).values(row).run();
        } catch (e) {
          if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateKeyError(`copy number ${row.copySeq}/${row.copyYear}`);
          throw e;
        }
      },
    },
    audit,
    jobs: jobsTx,
    afterCommit,
  };
}
