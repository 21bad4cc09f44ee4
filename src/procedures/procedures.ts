import { NotFoundError } from '../shared/errors';
import { PROCEDURE_CATALOGUE, type ProcedureSeed } from './catalogue';

export type Procedure = ProcedureSeed;

/** Where the catalogue of procedures (thủ tục hành chính) is kept; SQLite's is src/db/sqlite/procedures.ts. */
export interface ProcedureStore {
  /** Every procedure, by code. */
  all(): Promise<Procedure[]>;
  /** Stores `seed` when the store holds no procedure yet (first start); how many it stored. */
  seedIfEmpty(seed: readonly Procedure[]): Promise<number>;
}

export interface ProcedureCatalogue {
  list(): Promise<Procedure[]>;
  /** The procedure with `code`; NotFoundError if there is none. */
  get(code: string): Promise<Procedure>;
  /** Seeds the built-in catalogue where the store is empty; never overwrites an agency's edits. */
  seed(): Promise<number>;
}

/**
 * The catalogue, read once and kept: every lookup and dossier view names its procedure, and
 * the service never edits it (only the first start seeds it). A code not in the kept copy reads
 * the store again, so a procedure added by hand is found.
 */
export function createProcedureCatalogue(store: ProcedureStore): ProcedureCatalogue {
  let kept: Promise<Map<string, Procedure>> | undefined;
  const load = () => {
    const loading = store.all().then((rows) => new Map(rows.map((p) => [p.code, deepFreeze(p)])));
    kept = loading;
    // A failed read is not kept: the next call reads again.
    loading.catch(() => kept === loading && (kept = undefined));
    return loading;
  };
  const catalogue = () => kept ?? load();
  return {
    list: async () => [...(await catalogue()).values()],
    async get(code) {
      const procedure = (await catalogue()).get(code) ?? (await load()).get(code);
      if (!procedure) throw new NotFoundError('unknown_procedure', `No procedure with code '${code}'`);
      return procedure;
    },
    async seed() {
      const seeded = await store.seedIfEmpty(PROCEDURE_CATALOGUE);
      kept = undefined;
      return seeded;
    },
  };
}

/** Frozen: the kept copy is shared by every caller. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
