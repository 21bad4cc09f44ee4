import { asc } from 'drizzle-orm';
import { PROCEDURE_CATALOGUE } from '../../procedures/catalogue';
import type { Procedure, ProcedureStore } from '../../procedures/procedures';
import type { Db } from '../client';
import { procedures } from '../schema';

/** The procedure catalogue in SQLite (table procedures; documents and template as JSON). */
export function sqliteProcedureStore(db: Db): ProcedureStore {
  return {
    all: async () => db.select().from(procedures).orderBy(asc(procedures.code)).all().map(toProcedure),
    seedIfEmpty: async (seed) => seedIfEmpty(db, seed),
  };
}

/** The built-in catalogue stored where the table is empty, at once: start-up and tests seed a fresh database with it. */
export function seedProcedures(db: Db): number {
  return seedIfEmpty(db, PROCEDURE_CATALOGUE);
}

function seedIfEmpty(db: Db, seed: readonly Procedure[]): number {
  return db.transaction((tx) => {
    if (tx.select({ code: procedures.code }).from(procedures).limit(1).get()) return 0;
    for (const p of seed) tx.insert(procedures).values(p).run();
    return seed.length;
  });
}

function toProcedure(row: typeof procedures.$inferSelect): Procedure {
  return {
    ...row,
    feeNote: row.feeNote ?? undefined,
    legalBasis: row.legalBasis ?? '',
    requiredDocuments: row.requiredDocuments as Procedure['requiredDocuments'],
    resultTemplate: row.resultTemplate as Procedure['resultTemplate'],
  };
}
