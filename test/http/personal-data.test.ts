import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromLocal } from '../../src/shared/time';
import { pdfText } from '../../src/slips/testing';
import { CCCD, receptionForm } from '../support/fixtures';
import { makeHarness, testClock, type Harness } from '../support/harness';
import { haveTool } from '../support/tools';

// Auditors check the process, not the person: every slip they can fetch shows the ID, phone and
// address masked, as the JSON view does; the result PDF (unmaskable: it is signed) is refused.

const hasPdftotext = haveTool('pdftotext');
const PHONE = '0912345678';
const ADDRESS_PART = 'Hàng Bột';

let h: Harness;
const clock = testClock();
const codes: Record<string, string> = {};
beforeAll(async () => {
  h = await makeHarness({ clock });
  const receive = async () => ((await (await h.post('reception', '/api/v1/dossiers', await receptionForm({ procedureCode: '2.000575' }))).json()) as { code: string }).code;
  codes.supplement = await receive();
  await h.post('specialist', `/api/v1/dossiers/${codes.supplement}/appraisal`, { decision: 'supplement', note: 'Thiếu giấy tờ', missingItems: ['Bản sao CCCD'] });
  codes.refused = await receive();
  await h.post('specialist', `/api/v1/dossiers/${codes.refused}/appraisal`, { decision: 'reject', note: 'Ngành nghề bị cấm' });
  codes.withdrawn = await receive();
  clock.set(fromLocal(2026, 11, 27, 10, 0));
  await h.post('leader', `/api/v1/dossiers/${codes.withdrawn}/apology`, { reason: 'Cần lấy ý kiến', newAppointmentAt: fromLocal(2026, 12, 3, 9, 0) });
  await h.post('reception', `/api/v1/dossiers/${codes.withdrawn}/withdraw`, { reason: 'Công dân xin rút' });
  codes.accepted = await receive();
  await h.post('specialist', `/api/v1/dossiers/${codes.accepted}/appraisal`, { decision: 'accept', note: 'Đủ', result: { title: 'GIẤY CHỨNG NHẬN', body: 'Nội dung.' } });
});
afterAll(() => h.close());

const SLIPS: [kind: string, dossier: string][] = [
  ['supplement-request', 'supplement'],
  ['refusal', 'refused'],
  ['apology', 'withdrawn'],
  ['stop-notice', 'withdrawn'],
  ['process-control', 'withdrawn'],
];

async function slipText(role: string, kind: string, code: string): Promise<string> {
  const res = await h.get(role, `/api/v1/dossiers/${code}/slips/${kind}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return pdfText(new Uint8Array(await res.arrayBuffer())).replace(/\s+/g, '');
}

describe('slips as an auditor gets them', () => {
  it.skipIf(!hasPdftotext).each(SLIPS)('%s: no full ID, phone or address', async (kind, dossier) => {
    const masked = await slipText('auditor', kind, codes[dossier]);
    for (const secret of [CCCD, PHONE, ADDRESS_PART.replace(/\s/g, '')]) expect(masked).not.toContain(secret);
    expect(masked).toMatch(/001\*{7}45|091\*{5}78/); // the masked form is printed instead
    // The same slip for reception carries the data (so the check above is not vacuous).
    const full = await slipText('reception', kind, codes[dossier]);
    expect(full.includes(CCCD) || full.includes(PHONE)).toBe(true);
  });

  it('the appointment slip (with the citizen access key) is not given to auditors or admins', async () => {
    for (const role of ['auditor', 'admin']) expect((await h.get(role, `/api/v1/dossiers/${codes.accepted}/receipt`)).status).toBe(403);
  });
});

describe('the result document', () => {
  it('is refused to auditor and admin; staff handling dossiers get it', async () => {
    for (const role of ['auditor', 'admin']) {
      const res = await h.get(role, `/api/v1/dossiers/${codes.accepted}/result`);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    }
    expect((await h.get('specialist', `/api/v1/dossiers/${codes.accepted}/result`)).status).toBe(200);
  });

  it('the domain refuses it too, whatever route asks', async () => {
    const auditor = (await h.storage.auth.findUser('auditor'))!;
    await expect(h.services.dossiers.result(auditor, codes.accepted)).rejects.toMatchObject({ code: 'forbidden', httpStatus: 403 });
    expect((await h.services.dossiers.resultForVerification(auditor, codes.accepted)).length).toBeGreaterThan(1000);
  });
});
