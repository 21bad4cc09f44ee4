import { and, asc, count, desc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type { DossierLists } from '../../dossiers/store';
import type { Db } from '../client';
import { prepared } from '../prepared';
import { dossiers, procedures } from '../schema';

const columns = {
  code: dossiers.code,
  status: dossiers.status,
  procedureCode: dossiers.procedureCode,
  procedureName: procedures.name,
  applicantName: dossiers.applicantName,
  receivedAt: dossiers.receivedAt,
  dueAt: dossiers.dueAt,
  clockPausedAt: dossiers.clockPausedAt,
  resolvedAt: dossiers.resolvedAt,
};

/**
 * The work lists on SQLite. Building a drizzle query and preparing its SQL costs ~10× what
 * running it does here, so each form of each list is prepared once per connection.
 */
export function sqliteDossierLists(db: Db): DossierLists {
  return {
    async queue(statuses, offset, limit) {
      const queries = prepared(db, `work-list:${statuses.join(',')}`, () => {
        const where = inArray(dossiers.status, statuses.length ? [...statuses] : ['—']);
        return {
          total: db.select({ n: count() }).from(dossiers).where(where).prepare(),
          page: db
            .select(columns)
            .from(dossiers)
            .innerJoin(procedures, eq(procedures.code, dossiers.procedureCode))
            .where(where)
            .orderBy(asc(dossiers.dueAt), asc(dossiers.code))
            .limit(sql.placeholder('limit'))
            .offset(sql.placeholder('offset'))
            .prepare(),
        };
      });
      return { total: queries.total.get()?.n ?? 0, rows: queries.page.all({ limit, offset }) };
    },
    async recent(status, limit) {
      const query = prepared(db, `dossier-list:${status ? 'status' : 'all'}`, () =>
        db
          .select({ code: dossiers.code, status: dossiers.status, procedureCode: dossiers.procedureCode, applicantName: dossiers.applicantName, receivedAt: dossiers.receivedAt, dueAt: dossiers.dueAt })
          .from(dossiers)
          .where(status ? eq(dossiers.status, sql.placeholder('status')) : undefined)
          .orderBy(desc(dossiers.receivedAt))
          .limit(sql.placeholder('limit'))
          .prepare(),
      );
      return query.all({ status, limit });
    },
    async candidates(text, limit) {
      // SQLite's lower() folds ASCII only: a non-ASCII letter matches any one character here,
      // and the caller checks the exact Vietnamese case-folding.
      const pattern = `%${text.toLowerCase().replace(/[%_\\]/g, (m) => `\\${m}`).replace(/[^\x00-\x7f]/g, '_')}%`;
      const query = prepared(db, 'dossier-find', () =>
        db
          .select(columns)
          .from(dossiers)
          .innerJoin(procedures, eq(procedures.code, dossiers.procedureCode))
          .where(or(sql`${dossiers.code} like ${sql.placeholder('pattern')} escape '\\'`, sql`lower(${dossiers.applicantName}) like ${sql.placeholder('pattern')} escape '\\'`))
          .orderBy(asc(dossiers.dueAt))
          .limit(sql.placeholder('limit'))
          .prepare(),
      );
      return query.all({ pattern, limit });
    },
    withResult: async (statuses) =>
      db
        .select({ code: dossiers.code, resultBlob: sql<string>`${dossiers.resultBlob}` })
        .from(dossiers)
        .where(and(isNotNull(dossiers.resultBlob), inArray(dossiers.status, [...statuses])))
        .orderBy(asc(dossiers.code))
        .all(),
  };
}
