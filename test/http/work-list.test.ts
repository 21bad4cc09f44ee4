import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receptionForm } from '../support/fixtures';
import { makeHarness, type Harness } from '../support/harness';

let h: Harness;
type List = { items: { code: string; status: string; overdue: boolean; dueAt: number }[]; total: number };
const list = async (who: string, q = '') => (await (await h.get(who, `/api/v1/work-list${q}`)).json()) as List;
const receive = async (procedureCode?: string) => ((await (await h.post('reception', '/api/v1/dossiers', await receptionForm({ procedureCode }))).json()) as { code: string }).code;

beforeAll(async () => {
  h = await makeHarness();
});
afterAll(() => h.close());

describe('work list', () => {
  it('orders by due date, marks overdue only while the clock runs, and pages', async () => {
    const slow = await receive('2.000575'); // several working days
    const quick = await receive('1.001193'); // one working day: due first
    const paused = await receive('1.001193');
    expect((await h.post('specialist', `/api/v1/dossiers/${paused}/appraisal`, { decision: 'supplement', note: 'Thiếu giấy', missingItems: ['Giấy chứng sinh'] })).status).toBe(200);
    h.clock.advance(2 * 86_400_000);

    const spec = await list('specialist');
    expect(spec.items.map((i) => i.code)).toEqual([quick, slow]);
    expect(spec.items[0].overdue).toBe(true);
    expect(spec.items[1].overdue).toBe(false);
    // Waiting for the citizen's supplement: the clock is stopped, so never overdue.
    const rec = await list('reception');
    expect(rec.items).toEqual([expect.objectContaining({ code: paused, status: 'supplement_requested', overdue: false })]);
    // Auditors follow every open dossier; one page at a time.
    const page2 = await list('auditor', '?pageSize=2&page=2');
    expect(page2.total).toBe(3);
    expect(page2.items).toHaveLength(1);
    // A status outside the role's queue filters to nothing rather than leaking other queues.
    expect((await list('leader', '?status=received')).items).toEqual([]);
  });
});
