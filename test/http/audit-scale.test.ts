import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../src/db/sqlite/audit';
import { receptionForm } from '../support/fixtures';
import { makeHarness, type Harness } from '../support/harness';

const OTHERS = 5_000;
let h: Harness;
let code: string;
beforeAll(async () => {
  h = await makeHarness();
  const { db, sqlite } = h.storage.handle;
  sqlite.transaction(() => {
    for (let i = 0; i < OTHERS; i++) appendAudit(db, { action: 'settings.changed', detail: { i } });
  })();
  code = ((await (await h.post('reception', '/api/v1/dossiers', await receptionForm())).json()) as { code: string }).code;
  await h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'reject', note: 'Không đủ điều kiện' });
});
afterAll(() => h.close());

type Audit = { chainValid: boolean; checked: number; entries: { seq: number }[]; firstBroken?: { seq: number; reason: string }; head: { seq: number } };
const dossierAudit = async () => (await (await h.get('auditor', `/api/v1/dossiers/${code}/audit`)).json()) as Audit;
const fullCheck = async () => (await (await h.get('auditor', '/api/v1/audit/verify')).json()) as Audit;

describe('audit reads scale with the dossier, not the log', () => {
  it(`a dossier's audit hashes its own entries only, among ${OTHERS} others`, async () => {
    await h.token('auditor');
    let t = performance.now();
    const mine = await dossierAudit();
    const perDossierMs = performance.now() - t;
    t = performance.now();
    const all = await fullCheck();
    const fullMs = performance.now() - t;
    expect(mine.chainValid).toBe(true);
    expect(mine.checked).toBe(mine.entries.length);
    expect(mine.entries.length).toBeLessThan(10);
    expect(mine.head).toEqual(all.head);
    expect(all).toMatchObject({ chainValid: true, checked: all.head.seq });
    expect(all.checked).toBeGreaterThan(OTHERS);
    console.info(`audit of one dossier: ${perDossierMs.toFixed(1)} ms; whole chain: ${fullMs.toFixed(1)} ms`);
    expect(perDossierMs).toBeLessThan(fullMs);
  });

  it('a dossier entry re-linked to a forged predecessor is found without walking the chain', async () => {
    const { sqlite } = h.storage.handle;
    const first = (await dossierAudit()).entries[0].seq;
    const original = sqlite.prepare('select hash from audit_log where seq = ?').get(first - 1) as { hash: string };
    sqlite.prepare('update audit_log set hash = ? where seq = ?').run('f'.repeat(64), first - 1);
    try {
      expect(await dossierAudit()).toMatchObject({ chainValid: false, firstBroken: { seq: first } });
    } finally {
      sqlite.prepare('update audit_log set hash = ? where seq = ?').run(original.hash, first - 1);
    }
  });

  it('the full check still names the first broken entry anywhere in the log', async () => {
    h.storage.handle.sqlite.prepare('update audit_log set detail = ? where seq = 100').run('{"i":"sửa"}');
    expect(await fullCheck()).toMatchObject({ chainValid: false, firstBroken: { seq: 100 } });
    expect((await dossierAudit()).chainValid).toBe(true); // its own entries are intact
  });
});
