import { eq } from 'drizzle-orm';
import { afterEach, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../db/client';
import { procedures } from '../db/schema';
import { PROCEDURE_CATALOGUE } from './catalogue';
import { getProcedure, listProcedures, seedProcedures } from './procedures';

/** Issue 10 (load): the catalogue is read once per database and kept; these are its limits. */
let handle: DbHandle | undefined;
afterEach(() => handle?.close());

it('is read before seeding as empty, and after seeding in full', () => {
  handle = openDatabase(':memory:');
  expect(listProcedures(handle.db)).toEqual([]);
  expect(() => getProcedure(handle!.db, PROCEDURE_CATALOGUE[0]!.code)).toThrow(/No procedure/);
  seedProcedures(handle.db);
  expect(listProcedures(handle.db).map((p) => p.code)).toEqual(PROCEDURE_CATALOGUE.map((p) => p.code).sort());
  expect(getProcedure(handle.db, PROCEDURE_CATALOGUE[0]!.code).name).toBe(PROCEDURE_CATALOGUE[0]!.name);
});

it('finds a procedure added to the table after it was kept, and shares only frozen copies', () => {
  handle = openDatabase(':memory:');
  seedProcedures(handle.db);
  const first = getProcedure(handle.db, PROCEDURE_CATALOGUE[0]!.code);
  const added = { ...PROCEDURE_CATALOGUE[0]!, code: '9.999999', name: 'Thủ tục thêm bằng tay' };
  handle.db.insert(procedures).values(added).run();
  expect(getProcedure(handle.db, '9.999999').name).toBe('Thủ tục thêm bằng tay');
  expect(listProcedures(handle.db).map((p) => p.code)).toContain('9.999999');
  // One caller cannot change what the next one reads.
  expect(Object.isFrozen(first) && Object.isFrozen(first.requiredDocuments) && Object.isFrozen(first.requiredDocuments[0])).toBe(true);
  handle.db.delete(procedures).where(eq(procedures.code, '9.999999')).run();
});
