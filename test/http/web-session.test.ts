import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeNext } from '../../src/web/pages/auth';
import { csrfToken } from '../../src/web/csrf';
import { receptionForm } from '../support/fixtures';
import { DEMO_PASSWORD, makeHarness, type Harness } from '../support/harness';

let h: Harness;
const ORIGIN = 'http://localhost';
const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

async function session(username: string): Promise<{ cookie: string; token: string }> {
  const res = await h.app.request('/sign-in', form({ username, password: DEMO_PASSWORD, next: '/' }));
  expect(res.status).toBe(303);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  return { cookie, token: cookie.split('=')[1] };
}

beforeAll(async () => {
  h = await makeHarness();
  await h.post('reception', '/api/v1/dossiers', await receptionForm());
});
afterAll(() => h.close());

describe('web desk session', () => {
  it('a page without a session redirects to sign-in with next; a wrong password is 401 with the message', async () => {
    const res = await h.app.request('/?status=received');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in?next=%2F%3Fstatus%3Dreceived');
    const bad = await h.app.request('/sign-in', form({ username: 'reception', password: 'sai', next: '/' }));
    expect(bad.status).toBe(401);
    expect(await bad.text()).toContain('Tên đăng nhập hoặc mật khẩu không đúng');
  });

  it('the cookie is accepted by the API for GET (PDFs, SSE) but never for a state-changing method', async () => {
    const { cookie } = await session('reception');
    expect((await h.app.request('/api/v1/work-list', { headers: { cookie } })).status).toBe(200);
    const post = await h.app.request('/api/v1/dossiers', { method: 'POST', headers: { cookie }, body: await receptionForm() });
    expect(post.status).toBe(401);
  });

  it('a form POST needs the session’s CSRF token and a same-site Origin', async () => {
    const { cookie, token } = await session('reception');
    const withCookie = (init: ReturnType<typeof form>) => ({ ...init, headers: { ...init.headers, cookie } });
    expect((await h.app.request('/sign-out', withCookie(form({ _csrf: 'forged' })))).status).toBe(403);
    const crossSite = withCookie(form({ _csrf: csrfToken(token) }));
    crossSite.headers.origin = 'https://evil.example';
    expect((await h.app.request('/sign-out', crossSite)).status).toBe(403);
    // Still signed in after both refusals; the right token signs out and revokes the session.
    expect((await h.app.request('/', { headers: { cookie } })).status).toBe(200);
    expect((await h.app.request('/sign-out', withCookie(form({ _csrf: csrfToken(token) })))).status).toBe(303);
    expect((await h.app.request('/', { headers: { cookie } })).status).toBe(303);
  });

  it('the work list API gives each role its own queue, oldest due first, paged', async () => {
    const spec = (await (await h.get('specialist', '/api/v1/work-list?pageSize=1')).json()) as { items: object[] };
    expect(spec).toMatchObject({ queue: ['received'], total: 1, page: 1, pageSize: 1 });
    expect(spec.items[0]).toMatchObject({ status: 'received', overdue: false, procedureName: expect.any(String) });
    const leader = await (await h.get('leader', '/api/v1/work-list')).json();
    expect(leader).toMatchObject({ queue: ['appraised'], total: 0, items: [] });
    expect((await h.get('specialist', '/api/v1/work-list?page=0')).status).toBe(400);
  });

  it('finds dossiers by code part or applicant name, whatever the case of Vietnamese letters', async () => {
    const byName = (await (await h.get('reception', `/api/v1/dossiers/find?q=${encodeURIComponent('ÁNH TUYẾT')}`)).json()) as { dossiers: object[] };
    expect(byName.dossiers).toHaveLength(1);
    const byCode = (await (await h.get('reception', '/api/v1/dossiers/find?q=261123-0001')).json()) as { dossiers: object[] };
    expect(byCode.dossiers).toHaveLength(1);
    const none = (await (await h.get('reception', `/api/v1/dossiers/find?q=${encodeURIComponent('Ánh Tuyệt')}`)).json()) as { dossiers: object[] };
    expect(none.dossiers).toHaveLength(0);
  });

  it('the cookie is Secure when the desk is served over https', async () => {
    const res = await h.app.request('https://desk.example/sign-in', { ...form({ username: 'clerk', password: DEMO_PASSWORD, next: '/' }), headers: { origin: 'https://desk.example', 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
    const plain = await h.app.request('/sign-in', form({ username: 'clerk', password: DEMO_PASSWORD, next: '/' }));
    expect(plain.headers.get('set-cookie')).not.toMatch(/Secure/);
  });

  it('next never leads off the site', () => {
    expect(safeNext('/dossiers/x?y=1')).toBe('/dossiers/x?y=1');
    for (const bad of ['//evil.example', 'https://evil.example', '/\\evil.example', undefined]) expect(safeNext(bad)).toBe('/');
  });
});
