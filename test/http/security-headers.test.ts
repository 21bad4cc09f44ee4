import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../../src/http/security-headers';
import { CONTENT_SECURITY_POLICY } from '../../src/web';
import { receptionForm } from '../support/fixtures';
import { makeHarness, type Harness } from '../support/harness';

/**
 * The hot answers are built with their security headers from the start (src/http/security-headers.ts)
 * instead of having them added afterwards: every answer must still carry every one of them, the
 * first (built) and the next (kept) alike, as every other answer does.
 */
let h: Harness;
let code: string;
beforeAll(async () => {
  h = await makeHarness();
  code = ((await (await h.post('reception', '/api/v1/dossiers', await receptionForm())).json()) as { code: string }).code;
});
afterAll(() => h.close());

function expectAll(res: Response, what: string) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(name), `${what}: ${name}`).toBe(value);
}

it('is the set hono/secure-headers sends with the service’s choices', async () => {
  const app = new Hono().use(secureHeaders({ contentSecurityPolicy: CONTENT_SECURITY_POLICY, referrerPolicy: 'no-referrer', strictTransportSecurity: false }));
  app.get('/', (c) => c.body(null, 204));
  const sent = Object.fromEntries([...(await app.request('/')).headers]);
  expect(SECURITY_HEADERS).toEqual(sent);
});

describe('every answer carries every security header', () => {
  const cookie = async () => ({ cookie: `taicho_session=${await h.token('specialist')}` });
  const bearer = async () => ({ authorization: `Bearer ${await h.token('specialist')}` });
  const answers: [string, () => Response | Promise<Response>][] = [
    ['lookup api', () => h.app.request(`/api/v1/public/dossiers/${code}`)],
    ['lookup page', () => h.app.request(`/lookup/${code}`)],
    ['lookup page, signed in', async () => h.app.request(`/lookup/${code}`, { headers: await cookie() })],
    ['work list', async () => h.app.request('/api/v1/work-list', { headers: await bearer() })],
    ['staff list', async () => h.app.request('/api/v1/dossiers?status=received', { headers: await bearer() })],
    ['home page', async () => h.app.request('/', { headers: await cookie() })],
    ['health', () => h.app.request('/health')],
    ['unknown code', () => h.app.request('/api/v1/public/dossiers/khong-co')],
    ['unknown code page', () => h.app.request('/lookup/khong-co')],
    ['no token', () => h.app.request('/api/v1/work-list')],
  ];
  for (const [what, request] of answers) {
    it(what, async () => {
      for (const round of ['built', 'kept']) expectAll(await request(), `${what} (${round})`);
    });
  }

  it('a 304 for a kept answer the client holds', async () => {
    const etag = (await h.app.request(`/api/v1/public/dossiers/${code}`)).headers.get('etag')!;
    const again = await h.app.request(`/api/v1/public/dossiers/${code}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expectAll(again, '304');
  });

  it('pages, kept or not, are never stored', async () => {
    for (let i = 0; i < 2; i++) {
      expect((await h.app.request('/', { headers: await cookie() })).headers.get('cache-control')).toBe('no-store');
      expect((await h.app.request(`/lookup/${code}`)).headers.get('cache-control')).toBe('no-store');
    }
  });
});
