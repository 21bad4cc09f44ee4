import { afterAll, beforeAll, expect, it } from 'vitest';
import { receptionForm } from '../support/fixtures';
import { makeHarness, type Harness } from '../support/harness';

/**
 * Issue 10 (load): the hot reads keep their prepared queries and the procedure catalogue
 * between requests. What they answer must still follow every change: a status change shows
 * at once in the citizen's lookup (API and page), the role queues and the staff list.
 */
let h: Harness;
type Item = { code: string; procedureCode: string; procedureName: string };
const json = async (who: string | null, path: string) => {
  const r = who ? await h.get(who, path) : await h.app.request(path);
  expect(r.status).toBe(200);
  return (await r.json()) as Record<string, unknown> & { items: Item[] };
};
const queue = async (who: string) => (await json(who, '/api/v1/work-list')).items.map((i) => i.code);
const staffList = async (status: string) => ((await json('specialist', `/api/v1/dossiers?status=${status}`)).dossiers as Item[]).map((i) => i.code);
const page = async (code: string) => (await h.app.request(`/lookup/${code}`)).text();

beforeAll(async () => {
  h = await makeHarness();
});
afterAll(() => h.close());

it('a status change shows at once in the lookup, the work lists and the staff list', async () => {
  const code = ((await (await h.post('reception', '/api/v1/dossiers', await receptionForm())).json()) as { code: string }).code;
  const other = ((await (await h.post('reception', '/api/v1/dossiers', await receptionForm({ procedureCode: '2.000575' }))).json()) as { code: string }).code;
  // Read everything once, so that every kept query has run.
  const before = await json(null, `/api/v1/public/dossiers/${code}`);
  expect(before).toMatchObject({ status: 'received', steps: [expect.objectContaining({ status: 'received' })] });
  expect(await page(code)).toContain(before.statusLabel as string);
  expect(await queue('specialist')).toEqual(expect.arrayContaining([code, other]));
  expect(await queue('reception')).not.toContain(code);
  expect(await staffList('received')).toContain(code);

  const asked = await h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'supplement', note: 'Thiếu giấy', missingItems: ['Giấy chứng sinh'] });
  expect(asked.status).toBe(200);

  const lookup = await json(null, `/api/v1/public/dossiers/${code}`);
  expect(lookup).toMatchObject({ status: 'supplement_requested' });
  expect((lookup.steps as { status: string }[]).map((s) => s.status)).toEqual(['received', 'supplement_requested']);
  expect(lookup.statusLabel).not.toBe(before.statusLabel);
  expect(await page(code)).toContain(lookup.statusLabel as string);
  expect(await queue('specialist')).toEqual([other]);
  expect(await queue('reception')).toEqual([code]);
  expect(await staffList('received')).not.toContain(code);
  expect(await staffList('supplement_requested')).toEqual([code]);
});
