import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PIN } from '../../src/pki';
import { receptionForm, simplePdf } from '../support/fixtures';
import { DEMO_PASSWORD, makeHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await makeHarness({ pki: true });
  for (const username of ['clerk2', 'clerk3']) await h.storage.auth.createUser({ username, password: DEMO_PASSWORD, role: 'clerk', displayName: `Văn thư ${username}` });
});
afterAll(() => h.close());

async function approved(): Promise<string> {
  const form = await receptionForm({ procedureCode: '2.000575', files: [{ name: 'de-nghi.pdf', bytes: await simplePdf() }] });
  const { code } = (await (await h.post('reception', '/api/v1/dossiers', form)).json()) as { code: string };
  const result = { title: 'GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH', body: 'Tên hộ kinh doanh: Tạp hóa Ánh Tuyết.' };
  expect((await h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'accept', note: 'Đủ điều kiện', result })).status).toBe(200);
  expect((await h.post('leader', `/api/v1/dossiers/${code}/approval`, { pin: TEST_PIN })).status).toBe(200);
  return code;
}

describe('PIN throttle of the shared seal key', () => {
  it('all clerk accounts together get five tries at the seal PIN, not five each', async () => {
    const code = await approved();
    const seal = (as: string, pin: string) => h.post(as, `/api/v1/dossiers/${code}/seal`, { pin });
    for (const as of ['clerk', 'clerk', 'clerk2', 'clerk2', 'clerk3']) expect((await seal(as, '000000')).status).toBe(403);
    for (const as of ['clerk', 'clerk2', 'clerk3']) {
      const locked = await seal(as, TEST_PIN);
      expect(locked.status).toBe(429);
      expect(((await locked.json()) as { error: { code: string } }).error.code).toBe('pin_locked');
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(((await (await h.get('clerk', `/api/v1/dossiers/${code}`)).json()) as { status: string }).status).toBe('approved');
  });
});
