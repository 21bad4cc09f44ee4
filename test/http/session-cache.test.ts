import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../../src/dossiers/work-list';
import { DEMO_PASSWORD, makeHarness, type Harness } from '../support/harness';

/**
 * Each token's session is kept between requests (src/auth/session-cache.ts). Ending a session
 * must still take effect on the very next request, however it was ended: signed out through
 * the API or the desk, deleted or its account disabled through another connection (another
 * process, the sqlite3 shell), or simply expired.
 */
let h: Harness;
beforeAll(async () => {
  h = await makeHarness({ env: { TAICHO_TOKEN_TTL_HOURS: '8' } });
});
afterAll(() => h.close());

/** A fresh session of its own (the harness's tokens are shared by other tests). */
async function signIn(username = 'specialist'): Promise<string> {
  const res = await h.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}
const workList = (token: string) => h.app.request('/api/v1/work-list', { headers: { authorization: `Bearer ${token}` } });
const home = (token: string) => h.app.request('/', { headers: { cookie: `taicho_session=${token}` } });

/** Two answers with the token, so that its session is kept before it is ended. */
async function inUse(token: string) {
  for (let i = 0; i < 2; i++) {
    expect((await workList(token)).status).toBe(200);
    expect((await home(token)).status).toBe(200);
  }
}

async function refused(token: string) {
  const api = await workList(token);
  expect(api.status).toBe(401);
  expect(((await api.json()) as { error: { code: string } }).error.code).toBe('bad_token');
  const page = await home(token);
  expect(page.status).toBe(303); // to the sign-in page
  expect(page.headers.get('location')).toMatch(/^\/sign-in\?next=%2F&expired=1$/);
}

/** The same database through a second connection, as another process would write it. */
function otherConnection<T>(write: (db: Database.Database) => T): T {
  const other = new Database(path.join(h.dir, 'taicho.sqlite'));
  try {
    return write(other);
  } finally {
    other.close();
  }
}
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

describe('an ended session is refused on the very next request', () => {
  it('signed out through the API', async () => {
    const token = await signIn();
    await inUse(token);
    const out = await h.app.request('/api/v1/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(out.status).toBeLessThan(300);
    await refused(token);
  });

  it('its token deleted through another connection', async () => {
    const [token, bystander] = [await signIn(), await signIn()];
    await inUse(token);
    await inUse(bystander);
    expect(otherConnection((db) => db.prepare('DELETE FROM auth_tokens WHERE token_hash = ?').run(hashOf(token)).changes)).toBe(1);
    await refused(token);
    await inUse(bystander); // the others' sessions are read again, not lost
  });

  it('its token shortened through another connection', async () => {
    const token = await signIn();
    await inUse(token);
    otherConnection((db) => db.prepare('UPDATE auth_tokens SET expires_at = ? WHERE token_hash = ?').run(h.clock.now(), hashOf(token)));
    await refused(token);
  });

  it('its account disabled through another connection', async () => {
    await h.storage.auth.createUser({ username: 'specialist9', password: DEMO_PASSWORD, role: 'specialist', displayName: 'Đỗ Văn Chín' });
    const token = await signIn('specialist9');
    await inUse(token);
    otherConnection((db) => db.prepare(`UPDATE users SET disabled = 1 WHERE username = 'specialist9'`).run());
    await refused(token);
  });

  it('its account given another role through another connection: the next answer is that role’s', async () => {
    await h.storage.auth.createUser({ username: 'moved', password: DEMO_PASSWORD, role: 'specialist', displayName: 'Hồ Thị Chuyển' });
    const token = await signIn('moved');
    await inUse(token);
    otherConnection((db) => db.prepare(`UPDATE users SET role = 'auditor' WHERE username = 'moved'`).run());
    const list = (await (await workList(token)).json()) as { queue: string[] };
    expect(list.queue).toEqual(QUEUES.auditor);
  });

  it('expired: refused the moment its time is up, with nothing else changed', async () => {
    const token = await signIn();
    await inUse(token);
    h.clock.advance(8 * 3600_000 - 1);
    expect((await workList(token)).status).toBe(200);
    h.clock.advance(1);
    await refused(token);
  });
});
