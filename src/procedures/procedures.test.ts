import { eq } from 'drizzle-orm';
import { afterEach, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../db/client';
import { sqliteProcedureStore } from '../db/sqlite/procedures';
import { procedures } from '../db/schema';
import { PROCEDURE_CATALOGUE } from './catalogue';
import { createProcedureCatalogue, type ProcedureStore } from './procedures';

/** Issue 10 (load): the catalogue is read once and kept; these are its limits. */
let handle: DbHandle | undefined;
afterEach(() => handle?.close());

const catalogueOf = (h: DbHandle) => createProcedureCatalogue(sqliteProcedureStore(h.db));

it('is read before seeding as empty, and after seeding in full', async () => {
  handle = openDatabase(':memory:');
  const catalogue = catalogueOf(handle);
  expect(await catalogue.list()).toEqual([]);
  await expect(catalogue.get(PROCEDURE_CATALOGUE[0]!.code)).rejects.toThrow(/No procedure/);
  await catalogue.seed();
  expect((await catalogue.list()).map((p) => p.code)).toEqual(PROCEDURE_CATALOGUE.map((p) => p.code).sort());
  expect((await catalogue.get(PROCEDURE_CATALOGUE[0]!.code)).name).toBe(PROCEDURE_CATALOGUE[0]!.name);
  expect(await catalogue.seed()).toBe(0); // never twice
});

it('finds a procedure added to the table after it was kept, and shares only frozen copies', async () => {
  handle = openDatabase(':memory:');
  const catalogue = catalogueOf(handle);
  await catalogue.seed();
  const first = await catalogue.get(PROCEDURE_CATALOGUE[0]!.code);
  const added = { ...PROCEDURE_CATALOGUE[0]!, code: '9.999999', name: 'Thủ tục thêm bằng tay' };
  handle.db.insert(procedures).values(added).run();
  expect((await catalogue.get('9.999999')).name).toBe('Thủ tục thêm bằng tay');
  expect((await catalogue.list()).map((p) => p.code)).toContain('9.999999');
  // One caller cannot change what the next one reads.
  expect(Object.isFrozen(first) && Object.isFrozen(first.requiredDocuments) && Object.isFrozen(first.requiredDocuments[0])).toBe(true);
  handle.db.delete(procedures).where(eq(procedures.code, '9.999999')).run();
});

it('reads the store once for every lookup of known codes, and again after a failed read', async () => {
  handle = openDatabase(':memory:');
  const sqlite = sqliteProcedureStore(handle.db);
  let reads = 0;
  let failing = true;
  const store: ProcedureStore = {
    ...sqlite,
    all: () => (reads++, failing ? Promise.reject(new Error('store unreachable')) : sqlite.all()),
  };
  const catalogue = createProcedureCatalogue(store);
  await store.seedIfEmpty(PROCEDURE_CATALOGUE);
  await expect(catalogue.list()).rejects.toThrow(/unreachable/);
  failing = false;
  for (const p of PROCEDURE_CATALOGUE) expect((await catalogue.get(p.code)).code).toBe(p.code);
  expect((await catalogue.list()).length).toBe(PROCEDURE_CATALOGUE.length);
  expect(reads).toBe(2);
});
