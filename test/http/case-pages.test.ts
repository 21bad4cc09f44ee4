import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfToken } from '../../src/web/csrf';
import { receptionForm } from '../support/fixtures';
import { DEMO_PASSWORD, makeHarness, type Harness } from '../support/harness';

/** The case-work pages without a browser: paging, refusals as Vietnamese pages, CSRF and roles. */
let h: Harness;
const ORIGIN = 'http://localhost';
const post = (cookie: string, fields: Record<string, string>) => ({
  method: 'POST',
  headers: { origin: ORIGIN, cookie, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

async function session(username: string): Promise<{ cookie: string; csrf: string }> {
  const res = await h.app.request('/sign-in', { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username, password: DEMO_PASSWORD, next: '/' }).toString() });
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return { cookie, csrf: csrfToken(cookie.split('=')[1]!) };
}

let codes: string[] = [];
beforeAll(async () => {
  h = await makeHarness();
  for (let i = 0; i < 27; i++) codes.push(((await (await h.post('reception', '/api/v1/dossiers', await receptionForm())).json()) as { code: string }).code);
});
afterAll(() => h.close());

describe('case-work pages', () => {
  it('the appraisal queue pages 25 at a time, oldest due first', async () => {
    const { cookie } = await session('specialist');
    const first = await (await h.app.request('/appraisal', { headers: { cookie } })).text();
    expect(first).toContain('Trang 1/2');
    expect(first).toContain('href="/appraisal?page=2"');
    expect(first).toContain(codes[0]);
    expect(first).not.toContain(codes[26]);
    const second = await (await h.app.request('/appraisal?page=2', { headers: { cookie } })).text();
    expect(second).toContain(codes[26]);
    expect(second).toContain('‹ Trang trước');
  });

  it('one summary, the applicant’s contact only on the dossier page (masked for the auditor), never on a case page', async () => {
    const html = async (user: string, path: string) => (await h.app.request(path, { headers: { cookie: (await session(user)).cookie } })).text();
    const { applicant } = (await (await h.get('reception', `/api/v1/dossiers/${codes[2]}`)).json()) as { applicant: { id: string } };
    const masked = ((await (await h.get('auditor', `/api/v1/dossiers/${codes[2]}`)).json()) as { applicant: { id: string } }).applicant.id;
    expect(masked).not.toBe(applicant.id);
    expect(await html('reception', `/dossiers/${codes[2]}`)).toContain(`<dt>Số CCCD</dt><dd>${applicant.id}</dd>`);
    const audited = await html('auditor', `/dossiers/${codes[2]}`);
    expect(audited).toContain(`<dt>Số CCCD</dt><dd>${masked}</dd>`);
    expect(audited).not.toContain(applicant.id);
    const appraisal = await html('specialist', `/appraisal/${codes[2]}`);
    expect(appraisal).toContain('<dt>Người nộp</dt>');
    expect(appraisal).not.toContain('Số CCCD');
    expect(appraisal).not.toContain(applicant.id);
  });

  it('a post without a decision is a Vietnamese 400 page; nothing changes', async () => {
    const { cookie, csrf } = await session('specialist');
    const res = await h.app.request(`/appraisal/${codes[0]}`, post(cookie, { _csrf: csrf, decision: 'approve-everything' }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Chọn một quyết định thẩm định');
    expect(((await (await h.get('auditor', `/api/v1/dossiers/${codes[0]}`)).json()) as { status: string }).status).toBe('received');
  });

  it('signing posts need the session’s CSRF token and the role', async () => {
    const leader = await session('leader');
    expect((await h.app.request('/approval', post(leader.cookie, { codes: codes[0]!, pin: '123456' }))).status).toBe(403);
    const specialist = await session('specialist');
    const res = await h.app.request('/approval', post(specialist.cookie, { _csrf: specialist.csrf, codes: codes[0]!, pin: '123456' }));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Không có quyền truy cập');
  });

  it('a ticked dossier no longer at this step is reported as not signed, with the reason in Vietnamese', async () => {
    const { cookie, csrf } = await session('leader');
    const res = await h.app.request('/approval', post(cookie, { _csrf: csrf, codes: codes[1]!, pin: '123456' }));
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('Đã ký 0/1 hồ sơ.');
    expect(body).toContain('Không thành công');
    expect(body).toContain('Hồ sơ không còn ở bước này');
  });
});
