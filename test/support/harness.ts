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
import { seedProcedures } from '../../src/db/sqlite/procedures';
import { createEmbeddedServices } from '../../src/app/embedded';
import { openEmbeddedStorage } from '../../src/app/embedded-storage';
import { createDossierEvents } from '../../src/dossiers/events';
import type { DevPki } from '../../src/pki';
import { fromLocal } from '../../src/shared/time';

export const DEMO_PASSWORD = 'mật-khẩu-thử-123';

/** A controllable clock, starting Monday 23 Nov 2026 09:00 in Hà Nội. */
export function testClock(start = fromLocal(2026, 11, 23, 9, 0)) {
  let t = start;
  return { now: () => t, set: (ms: number) => void (t = ms), advance: (ms: number) => void (t += ms) };
}

export interface HarnessOptions {
  clock?: ReturnType<typeof testClock>;
  env?: Record<string, string>;
  signing?: ResultSigning;
  pki?: boolean;
  /**
   * Run the real digitisation pipeline (OCR worker threads; `true` = 2 threads). Off by default:
   * documents are queued and stay `queued`, as on an instance with TAICHO_OCR_WORKERS=0, so
   * tests that do not look at OCR neither start worker threads nor compete for the CPU.
   */
  digitise?: boolean | { threads: number };
  /** An existing data dir to open (what `restart` does); a fresh temp dir otherwise. */
  dir?: string;
}

/**
 * The real service (SQLite file, blob store, HTTP app) in a temp dir, with demo users and the
 * procedure catalogue, driven through `app.request` — no port, no mocks of the domain.
 */
export async function makeHarness(opts: HarnessOptions = {}) {
  const fresh = !opts.dir;
  const dir = opts.dir ?? mkdtempSync(path.join(tmpdir(), 'taicho-test-'));
  const clock = opts.clock ?? testClock();
  const config = loadConfig({ TAICHO_DATA_DIR: dir, TAICHO_LOG_LEVEL: 'silent', TAICHO_PUBLIC_URL: 'https://dichvucong.example.vn', TAICHO_TOKEN_TTL_HOURS: '100000', TAICHO_PKI_DIR: path.join(dir, 'certs/dev'), TAICHO_TRUST_DIR: path.join(dir, 'certs/trust'), ...opts.env });
  // The embedded root's storage, opened first as the bootstrap does; tests reach the database,
  // blobs, accounts and access keys through it (never through the services the app is given).
  const storage = await openEmbeddedStorage(config, { handle: openDatabase(path.join(dir, 'taicho.sqlite')), now: clock.now });
  const errors: unknown[] = [];
  /** What background work reported (e.g. a document that failed to digitise), with its message. */
  const logs: { obj: object; msg: string }[] = [];
  const digitise = opts.digitise === true ? { threads: 2 } : opts.digitise || undefined;
  seedProcedures(storage.handle.db);
  await seedDemoUsers(storage.auth, DEMO_PASSWORD);
  let pki: DevPki | undefined;
  if (opts.pki) {
    // Leaders with the PKI's test fixtures: a revoked and an expired certificate, and one with none.
    for (const username of fresh ? ['revoked-leader', 'expired-leader', 'leader2', 'leader3'] : []) {
      await storage.auth.createUser({ username, password: DEMO_PASSWORD, role: 'leader', displayName: `Lãnh đạo ${username}` });
    }
    pki = await ensureDevPki({
      dir: config.pkiDir,
      trustDir: config.trustDir,
      pin: TEST_PIN,
      agency: config.agency,
      leaders: [{ username: 'leader', fullName: 'Nguyễn Văn Hùng' }, { username: 'leader3', fullName: 'Trương Thị Mỹ Duyên' }],
      publicUrl: config.publicUrl,
      keyAlgorithm: 'ECDSA-P256', // fast to generate; RSA is the production default
    });
  }
  const events = createDossierEvents();
  const services = await createEmbeddedServices(storage, { config, pki, events, results: createResultMaker(), signing: opts.signing, digitise, log: (obj, msg) => logs.push({ obj, msg }) });
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
    /** The embedded root's storage (database, blobs, accounts, access keys): for assertions only. */
    storage,
    config,
    pki,
    events,
    clock,
    errors,
    logs,
    token,
    call,
    get: (as: string | null, url: string) => call(as, 'GET', url),
    post: (as: string | null, url: string, body?: unknown) => call(as, 'POST', url, body ?? {}),
    async close() {
      await services.close();
      rmSync(dir, { recursive: true, force: true });
    },
    /** Stops this instance as the process would at shutdown, keeping its data, and starts another on the same data dir. */
    async restart(next: Omit<HarnessOptions, 'dir' | 'clock'> = {}) {
      await services.close();
      return makeHarness({ ...opts, ...next, clock, dir });
    },
  };
}

export type Harness = Awaited<ReturnType<typeof makeHarness>>;
