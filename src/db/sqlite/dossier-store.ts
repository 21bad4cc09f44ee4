import { and, asc, desc, eq, gt, inArray, max, sql } from 'drizzle-orm';
import type { DocumentRecord, DossierRecord } from '../../dossiers/records';
import { DuplicateKeyError, type DossierReads, type DossierTx } from '../../dossiers/store';
import type { DbOrTx } from '../client';
import { prepared } from '../prepared';
import { sqliteAuditStore } from './audit';
import { documents, dossiers, pageTexts, signatures, signingSessions, transitions, users } from '../schema';
import { sqlitePageIndex } from './page-index';
import type { SqliteQueue } from './queue';

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
      find: async (id) => db.select().from(documents).where(eq(documents.id, id)).get() as DocumentRecord | undefined,
      allDigitisedOf: async (citizenId) =>
        db.select().from(documents).where(and(eq(documents.citizenId, citizenId), eq(documents.status, 'done'))).orderBy(desc(documents.createdAt)).all() as DocumentRecord[],
      async of(code) {
        const query = prepared(db, 'dossier.documents', () =>
          db
            .select()
            .from(documents)
            .where(eq(documents.dossierCode, sql.placeholder('code')))
            .orderBy(sql`rowid`) // insertion order: the order the counter handed the papers in
            .prepare(),
        );
        return query.all({ code }) as DocumentRecord[];
      },
      pages: async (documentId) => db.select({ page: pageTexts.page, text: pageTexts.text }).from(pageTexts).where(eq(pageTexts.documentId, documentId)).orderBy(pageTexts.page).all(),
      digitisedOf: async (citizenId, ids) =>
        ids.length === 0 ? [] : (db.select().from(documents).where(and(inArray(documents.id, [...ids]), eq(documents.citizenId, citizenId), eq(documents.status, 'done'))).all() as DocumentRecord[]),
    },
    signatures: {
      lastCopySeq: async (year) => db.select({ n: max(signatures.copySeq) }).from(signatures).where(eq(signatures.copyYear, year)).get()?.n ?? 0,
      latestCopyOf: async (dossierCode, documentId) =>
        db
          .select({ blob: signatures.outputBlob })
          .from(signatures)
          .where(and(eq(signatures.dossierCode, dossierCode), eq(signatures.documentId, documentId), eq(signatures.purpose, 'certified_copy')))
          .orderBy(desc(signatures.id))
          .get()?.blob,
    },
    transitions: {
      async of(code) {
        const query = prepared(db, 'dossier.history', () =>
          db.select({ t: transitions, u: users }).from(transitions).leftJoin(users, eq(users.id, transitions.actorId)).where(eq(transitions.dossierCode, sql.placeholder('code'))).orderBy(asc(transitions.id)).prepare(),
        );
        return query.all({ code }).map(({ t, u }) => ({ ...t, data: (t.data as Record<string, unknown> | null) ?? null, actor: u && { username: u.username, displayName: u.displayName, role: u.role } }));
      },
    },
    staff: {
      firstLeader: async () => db.select({ displayName: users.displayName, title: users.title }).from(users).where(and(eq(users.role, 'leader'), eq(users.disabled, false))).orderBy(users.id).get(),
    },
    signingSessions: {
      findOpen: async (id, dossierCode, purpose, now) =>
        db
          .select()
          .from(signingSessions)
          .where(and(eq(signingSessions.id, id), eq(signingSessions.dossierCode, dossierCode), eq(signingSessions.purpose, purpose), gt(signingSessions.expiresAt, now)))
          .get(),
    },
  };
}

export function sqliteTx(db: DbOrTx, queue: Pick<SqliteQueue, 'jobsTx'>, afterCommit: (fn: () => void) => void): DossierTx {
  const reads = sqliteReads(db);
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
    documents: {
      ...reads.documents,
      insert: async (row) => void db.insert(documents).values(row).run(),
      update: async (id, patch) => db.update(documents).set(patch).where(eq(documents.id, id)).returning().get() as DocumentRecord | undefined,
    },
    staff: reads.staff,
    transitions: { ...reads.transitions, insert: async (row) => void db.insert(transitions).values(row).run() },
    signingSessions: {
      ...reads.signingSessions,
      insert: async (session) => void db.insert(signingSessions).values(session).run(),
      delete: async (id) => void db.delete(signingSessions).where(eq(signingSessions.id, id)).run(),
    },
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
    audit: sqliteAuditStore(db),
    jobs: queue.jobsTx(db, afterCommit),
    pages: sqlitePageIndex(db),
    afterCommit,
  };
}
