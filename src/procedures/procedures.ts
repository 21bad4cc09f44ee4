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
  catalogues.delete(db);
  return PROCEDURE_CATALOGUE.length;
}

/**
 * The catalogue, read once per database and kept: every lookup and dossier view names its
 * procedure, and the service never edits the table (only the first start seeds it). A code
 * not in the kept copy reads the table again, so a procedure added by hand is found.
 */
const catalogues = new WeakMap<object, Map<string, Procedure>>();

function catalogue(db: Db, reload = false): Map<string, Procedure> {
  let kept = catalogues.get(db);
  if (!kept || reload) {
    kept = new Map(db.select().from(procedures).orderBy(asc(procedures.code)).all().map((r) => [r.code, toProcedure(r)]));
    catalogues.set(db, kept);
  }
  return kept;
}

export function listProcedures(db: Db): Procedure[] {
  return [...catalogue(db).values()];
}

export function getProcedure(db: Db, code: string): Procedure {
  const procedure = catalogue(db).get(code) ?? catalogue(db, true).get(code);
  if (!procedure) throw new NotFoundError('unknown_procedure', `No procedure with code '${code}'`);
  return procedure;
}

/** Frozen: the kept copy is shared by every caller. */
function toProcedure(row: typeof procedures.$inferSelect): Procedure {
  return deepFreeze({
    ...row,
    feeNote: row.feeNote ?? undefined,
    legalBasis: row.legalBasis ?? '',
    requiredDocuments: row.requiredDocuments as Procedure['requiredDocuments'],
    resultTemplate: row.resultTemplate as Procedure['resultTemplate'],
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
