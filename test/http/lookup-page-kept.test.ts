import { afterAll, beforeAll, expect, it } from 'vitest';
import { STATUS_LABELS } from '../../src/dossiers/state-machine';
import { csrfToken } from '../../src/web/csrf';
import { receptionForm } from '../support/fixtures';
import { makeHarness, type Harness } from '../support/harness';

/**
 * A citizen's lookup page (no session) is kept whole, bytes and headers: it must stay the
 * citizen's — a signed-in member of staff asking after it gets their own frame, and the citizen
 * after them never theirs — and follow the dossier's next change.
 */
let h: Harness;
beforeAll(async () => {
  h = await makeHarness();
});
afterAll(() => h.close());

const receive = async () => ((await (await h.post('reception', '/api/v1/dossiers', await receptionForm())).json()) as { code: string }).code;
const page = async (code: string, who?: string) => {
  const res = await h.app.request(`/lookup/${code}`, { headers: who ? { cookie: `taicho_session=${await h.token(who)}` } : {} });
  expect(res.status).toBe(200);
  return res.text();
};

it('kept whole for citizens, never shown to staff, nor staff’s frame to a citizen', async () => {
  const code = await receive();
  const citizen = await page(code);
  expect(await page(code)).toBe(citizen); // kept
  expect(citizen).not.toContain('Đăng xuất');
  const staff = await page(code, 'reception');
  expect(staff).toContain('Đăng xuất');
  expect(staff).toContain(csrfToken(await h.token('reception')));
  const after = await page(code);
  expect(after).toBe(citizen);
  expect(after).not.toContain(csrfToken(await h.token('reception')));
});

it('a signed-out visitor’s stale cookie gets the citizen’s page', async () => {
  const code = await receive();
  const res = await h.app.request(`/lookup/${code}`, { headers: { cookie: 'taicho_session=not-a-token' } });
  expect(await res.text()).toBe(await page(code));
});

it('each code its own kept page, which follows the dossier’s next change', async () => {
  const [code, other] = [await receive(), await receive()];
  const first = await page(code);
  expect(first).toContain(STATUS_LABELS.received);
  expect(first).toContain(`<title>Hồ sơ ${code} – Một cửa điện tử</title>`);
  expect(await page(other)).toContain(`<title>Hồ sơ ${other} – Một cửa điện tử</title>`);
  expect((await h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'accept' })).status).toBe(200);
  expect(await page(code)).toContain(STATUS_LABELS.appraised);
  expect(await page(other)).toContain(STATUS_LABELS.received);
});
