import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEMO_PASSWORD, makeHarness, testClock, type Harness } from '../support/harness';

// Counts scrypt evaluations: the throttle must refuse before the password is checked.
const scrypt = vi.hoisted(() => ({ evaluations: 0 }));
vi.mock('../../src/auth/passwords', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/auth/passwords')>();
  return {
    ...real,
    verifyPassword: (...args: Parameters<typeof real.verifyPassword>) => {
      scrypt.evaluations++;
      return real.verifyPassword(...args);
    },
  };
});

let h: Harness;
let clock: ReturnType<typeof testClock>;
beforeEach(async () => {
  clock = testClock();
  h = await makeHarness({ clock });
  scrypt.evaluations = 0;
});
afterEach(() => h.close());

/** A login from `client` (the remote address the Node adapter would give). */
function login(username: string, password: string, client = '198.51.100.1') {
  const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) };
  return h.app.request('/api/v1/auth/login', init, { incoming: { socket: { remoteAddress: client } } });
}

describe('login throttle', () => {
  it('of 20 parallel wrong passwords at most 5 are checked, and the right one sent alongside is refused', async () => {
    const wrong = Array.from({ length: 20 }, () => login('clerk', 'sai-mat-khau'));
    const right = login('clerk', DEMO_PASSWORD);
    const statuses = await Promise.all([...wrong, right].map(async (r) => (await r).status));
    expect(scrypt.evaluations).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 401).length).toBe(scrypt.evaluations);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 200)).toHaveLength(0);
  });

  it('a locked account refuses even the right password, with Retry-After, until the lock ends', async () => {
    for (let i = 0; i < 5; i++) expect((await login('clerk', 'sai')).status).toBe(401);
    const locked = await login('clerk', DEMO_PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBe(60);
    expect(((await locked.json()) as { error: { code: string } }).error.code).toBe('login_throttled');
    clock.advance(30_000);
    expect(Number((await login('clerk', DEMO_PASSWORD)).headers.get('retry-after'))).toBe(30);
    clock.advance(30_001);
    expect((await login('clerk', DEMO_PASSWORD)).status).toBe(200);
  });

  it('limits password spraying: many usernames from one client', async () => {
    for (let i = 0; i < 20; i++) expect((await login(`nguoi-dung-${i}`, 'matkhau2026', '203.0.113.7')).status).toBe(401);
    const evaluated = scrypt.evaluations;
    const sprayed = await login('reception', DEMO_PASSWORD, '203.0.113.7');
    expect(sprayed.status).toBe(429);
    expect(Number(sprayed.headers.get('retry-after'))).toBeGreaterThan(60);
    expect(scrypt.evaluations).toBe(evaluated);
    // Another client is not affected, and the spraying client may try again later.
    expect((await login('reception', DEMO_PASSWORD, '203.0.113.8')).status).toBe(200);
    clock.advance(15 * 60_000 + 1);
    expect((await login('reception', DEMO_PASSWORD, '203.0.113.7')).status).toBe(200);
  });

  it('successful logins do not use up the client allowance', async () => {
    for (let i = 0; i < 30; i++) expect((await login('reception', DEMO_PASSWORD, '203.0.113.9')).status).toBe(200);
  });
});

describe('login throttle and honest users', () => {
  it('parallel logins with the right password all succeed (attempts being checked are waited out, not refused)', async () => {
    const statuses = await Promise.all(Array.from({ length: 12 }, async () => (await login('reception', DEMO_PASSWORD)).status));
    expect(statuses).toEqual(Array(12).fill(200));
  });
});
