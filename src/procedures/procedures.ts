import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { procedures } from '../db/schema';
import { NotFoundError } from '../shared/errors';
import { PROCEDURE_CATALOGUE, type ProcedureSeed } from './catalogue';

export type Procedure = ProcedureSeed;

/** Inserts the seed catalogue where the table is empty (first start); never overwrites an agency's edits. */
export function seedProcedures(db: Db): number {
  if (db.select({ code: procedures.code }).from(procedures).limit(1).get()) return 0;
  for (const p of PROCEDURE_CATALOGUE) db.insert(procedures).values(p).run();
  return PROCEDURE_CATALOGUE.length;
}

export function listProcedures(db: Db): Procedure[] {
  return db.select().from(procedures).orderBy(asc(procedures.code)).all().map(toProcedure);
}

export function getProcedure(db: Db, code: string): Procedure {
  const row = db.select().from(procedures).where(eq(procedures.code, code)).get();
  if (!row) throw new NotFoundError('unknown_procedure', `No procedure with code '${code}'`);
  return toProcedure(row);
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
