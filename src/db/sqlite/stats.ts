import { and, gte, inArray, lt, or, sql } from 'drizzle-orm';
import type { DocumentCounts, ReceptionCounts, StatsReader } from '../../dossiers/stats-ports';
import type { StatsWindow } from '../../dossiers/stats';
import type { Db } from '../client';
import { documents, dossiers, signatures } from '../schema';

/** The statistics' reads on SQLite: each count is one GROUP BY query over (procedure, agency). */
export function sqliteStatsReader(db: Db): StatsReader {
  return {
    receptions: async (w, asOf) => receptionRows(db, w, asOf),
    resolved: async (w) => resolvedRows(db, w),
    documents: async (w) => documentRows(db, w),
    times: async (w) => timeRows(db, w),
  };
}

const count = (cond: ReturnType<typeof sql>) => sql<number>`coalesce(sum(${cond}), 0)`.mapWith(Number);

function receptionRows(db: Db, w: StatsWindow, asOf: number): ReceptionCounts[] {
  const receivedIn = sql`${dossiers.receivedAt} >= ${w.from}`;
  const open = sql`(${dossiers.status} != 'withdrawn' and (${dossiers.resolvedAt} is null or ${dossiers.resolvedAt} >= ${asOf}))`;
  return db
    .select({
      procedureCode: dossiers.procedureCode,
      agencyCode: dossiers.agencyCode,
      received: count(receivedIn),
      direct: count(sql`${receivedIn} and ${dossiers.channel} = 'direct'`),
      online: count(sql`${receivedIn} and ${dossiers.channel} = 'online'`),
      post: count(sql`${receivedIn} and ${dossiers.channel} = 'post'`),
      open: count(open),
      overdue: count(sql`${open} and ${dossiers.clockPausedAt} is null and ${dossiers.dueAt} < ${asOf}`),
    })
    .from(dossiers)
    .where(lt(dossiers.receivedAt, w.to))
    .groupBy(dossiers.procedureCode, dossiers.agencyCode)
    .all();
}

function resolvedRows(db: Db, w: StatsWindow) {
  return db
    .select({
      procedureCode: dossiers.procedureCode,
      agencyCode: dossiers.agencyCode,
      status: dossiers.status,
      receivedAt: dossiers.receivedAt,
      resolvedAt: sql<number>`${dossiers.resolvedAt}`.mapWith(Number),
      dueAt: dossiers.dueAt,
      supplementCount: dossiers.supplementCount,
      hasResult: sql<number>`${dossiers.resultBlob} is not null`.mapWith(Boolean),
      signed: sql<number>`${inArray(dossiers.code, db.select({ code: signatures.dossierCode }).from(signatures))}`.mapWith(Boolean),
    })
    .from(dossiers)
    .where(and(lt(dossiers.receivedAt, w.to), gte(dossiers.resolvedAt, w.from), lt(dossiers.resolvedAt, w.to)))
    .all();
}

function timeRows(db: Db, w: StatsWindow) {
  const inWindow = (col: typeof dossiers.receivedAt | typeof dossiers.resolvedAt) => and(gte(col, w.from), lt(col, w.to));
  return db
    .select({ receivedAt: dossiers.receivedAt, resolvedAt: dossiers.resolvedAt })
    .from(dossiers)
    .where(or(inWindow(dossiers.receivedAt), inWindow(dossiers.resolvedAt)))
    .all();
}

function documentRows(db: Db, w: StatsWindow): DocumentCounts[] {
  return db
    .select({
      procedureCode: dossiers.procedureCode,
      agencyCode: dossiers.agencyCode,
      total: sql<number>`count(*)`.mapWith(Number),
      digitised: count(sql`${documents.status} = 'done'`),
      reused: count(sql`${documents.reusedFrom} is not null`),
    })
    .from(documents)
    .innerJoin(dossiers, sql`${dossiers.code} = ${documents.dossierCode}`)
    .where(and(gte(documents.createdAt, w.from), lt(documents.createdAt, w.to), lt(dossiers.receivedAt, w.to)))
    .groupBy(dossiers.procedureCode, dossiers.agencyCode)
    .all();
}
