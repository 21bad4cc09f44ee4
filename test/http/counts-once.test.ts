import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { makeHarness, type Harness } from '../support/harness';

/**
 * A read-only request reads both change counts in one statement, once, for its session and its
 * kept answer; a write's request reads them at each use, so what it answers follows its change.
 */
let h: Harness;
beforeAll(async () => {
  h = await makeHarness();
});
afterAll(() => h.close());

async function reads(request: () => Response | Promise<Response>) {
  const both = vi.spyOn(h.services.changes, 'both');
  const one = vi.spyOn(h.services.changes, 'version');
  const auth = vi.spyOn(h.services.auth, 'authenticate');
  try {
    expect((await request()).status).toBe(200);
    // The session is resolved with the sessions' count of that same read, not one of its own.
    const handed = auth.mock.calls.map((call) => call[1]);
    expect(handed).toEqual(both.mock.results.map((r) => (r.value as { sessions: number }).sessions));
    return { both: both.mock.calls.length, one: one.mock.calls.length, sessions: handed.length };
  } finally {
    both.mockRestore();
    one.mockRestore();
    auth.mockRestore();
  }
}

it('a signed-in GET of a kept answer reads the counts once, API or page', async () => {
  const token = await h.token('specialist');
  const api = () => h.app.request('/api/v1/work-list', { headers: { authorization: `Bearer ${token}` } });
  const home = () => h.app.request('/', { headers: { cookie: `taicho_session=${token}` } });
  await api();
  await home(); // kept now
  expect(await reads(api)).toEqual({ both: 1, one: 0, sessions: 1 });
  expect(await reads(home)).toEqual({ both: 1, one: 0, sessions: 1 });
});

it('a request that needs no count reads none', async () => {
  expect(await reads(() => h.app.request('/health'))).toEqual({ both: 0, one: 0, sessions: 0 });
});
