import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seedDemoUsers } from '../../src/bootstrap/demo-users';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/client';
import type { ResultSigning } from '../../src/dossiers/ports';
import { createResultMaker } from '../../src/dossiers/result-maker';
import { createApp } from '../../src/http/app';
import { ensureDevPki, TEST_PIN } from '../../src/pki';
import { seedProcedures } from '../../src/procedures/procedures';
import { createServices } from '../../src/services';
import { fromLocal } from '../../src/shared/time';

export const DEMO_PASSWORD = 'mật-khẩu-thử-123';

/** A controllable clock, starting Monday 23 Nov 2026 09:00 in Hà Nội. */
export function testClock(start = fromLocal(2026, 11, 23, 9, 0)) {
  let t = start;
  return { now: () => t, set: (ms: number) => void (t = ms), advance: (ms: number) => void (t += ms) };
}

/**
 * The real service (SQLite file, blob store, HTTP app) in a temp dir, with demo users and the
 * procedure catalogue, driven through `app.request` — no port, no mocks of the domain.
 */
export async function makeHarness(opts: { clock?: ReturnType<typeof testClock>; env?: Record<string, string>; signing?: ResultSigning; pki?: boolean } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'taicho-test-'));
  const clock = opts.clock ?? testClock();
  const config = loadConfig({ TAICHO_DATA_DIR: dir, TAICHO_LOG_LEVEL: 'silent', TAICHO_PUBLIC_URL: 'https://dichvucong.example.vn', TAICHO_TOKEN_TTL_HOURS: '100000', TAICHO_PKI_DIR: path.join(dir, 'certs/dev'), TAICHO_TRUST_DIR: path.join(dir, 'certs/trust'), ...opts.env });
  const handle = openDatabase(path.join(dir, 'taicho.sqlite'));
  const services = createServices({ config, handle, now: clock.now, results: createResultMaker(), signing: opts.signing });
  seedProcedures(handle.db);
  await seedDemoUsers(services.auth, DEMO_PASSWORD);
  if (opts.pki) {
    // Leaders with the PKI's test fixtures: a revoked and an expired certificate, and one with none.
    for (const username of ['revoked-leader', 'expired-leader', 'leader2', 'leader3']) {
      await services.auth.createUser({ username, password: DEMO_PASSWORD, role: 'leader', displayName: `Lãnh đạo ${username}` });
    }
    services.pki = await ensureDevPki({
      dir: config.pkiDir,
      trustDir: config.trustDir,
      pin: TEST_PIN,
      agency: config.agency,
      leaders: [{ username: 'leader', fullName: 'Nguyễn Văn Hùng' }, { username: 'leader3', fullName: 'Trương Thị Mỹ Duyên' }],
      publicUrl: config.publicUrl,
      keyAlgorithm: 'ECDSA-P256', // fast to generate; RSA is the production default
    });
  }
  const errors: unknown[] = [];
  const app = createApp({ services, maxRequestBytes: config.maxUploadBytes * 4, log: (o) => errors.push(o) });
  const tokens = new Map<string, string>();

  async function token(username: string): Promise<string> {
    if (!tokens.has(username)) {
      const res = await app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
      tokens.set(username, ((await res.json()) as { token: string }).token);
    }
    return tokens.get(username)!;
  }

  async function call(as: string | null, method: string, url: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (as) headers.authorization = `Bearer ${await token(as)}`;
    let payload: FormData | string | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    return app.request(url, { method, headers, body: payload });
  }

  return {
    dir,
    app,
    services,
    clock,
    errors,
    token,
    call,
    get: (as: string | null, url: string) => call(as, 'GET', url),
    post: (as: string | null, url: string, body?: unknown) => call(as, 'POST', url, body ?? {}),
    close() {
      services.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Harness = Awaited<ReturnType<typeof makeHarness>>;
