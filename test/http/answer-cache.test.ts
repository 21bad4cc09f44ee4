import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles';
import { QUEUES } from '../../src/dossiers/work-list';
import { STATUS_LABELS, type Status } from '../../src/dossiers/state-machine';
import { fromLocal } from '../../src/shared/time';
import { TEST_PIN } from '../../src/pki';
import { csrfToken } from '../../src/web/csrf';
import { pngScan, receptionForm } from '../support/fixtures';
import { DEMO_PASSWORD, makeHarness, type Harness } from '../support/harness';

/**
 * The hot reads keep whole answers between requests (src/http/answer-cache.ts). They must never
 * be stale: every change a list or the lookup shows is seen by the very next request, whoever
 * wrote it (this process or another connection), and one role's or user's answer is never
 * served to another.
 */
let h: Harness;
beforeAll(async () => {
  h = await makeHarness({ pki: true });
  await h.storage.auth.createUser({ username: 'specialist2', password: DEMO_PASSWORD, role: 'specialist', displayName: 'Phạm Thị Thu Hà' });
});
afterAll(() => h.close());

const ok = async (r: Response) => {
  expect(r.status).toBe(200);
  return r;
};
const queue = async (who: string) => ((await (await ok(await h.get(who, '/api/v1/work-list'))).json()) as { items: { code: string; overdue: boolean; applicantName: string }[] }).items;
const staffList = async (status: string) => ((await (await ok(await h.get('auditor', `/api/v1/dossiers?status=${status}`))).json()) as { dossiers: { code: string }[] }).dossiers.map((d) => d.code);
const lookup = async (code: string) => (await (await ok(await h.get(null, `/api/v1/public/dossiers/${code}`))).json()) as { status: Status; statusLabel: string; appointmentAt: number; resultReady: boolean };
const cookie = async (who: string) => ({ cookie: `taicho_session=${await h.token(who)}` });
const home = async (who: string) => (await ok(await h.app.request('/', { headers: await cookie(who) }))).text();
const lookupPage = async (code: string, who?: string, query = '') => (await ok(await h.app.request(`/lookup/${code}${query}`, { headers: who ? await cookie(who) : {} }))).text();
const receive = async (name = 'Nguyễn Thị Ánh Tuyết') => ((await (await h.post('reception', '/api/v1/dossiers', await receptionForm({ applicantName: name }))).json()) as { code: string }).code;

const STAFF: Role[] = ['reception', 'specialist', 'leader', 'clerk'];

/** Every list and the lookup say `status` for `code`: each read right after the change. */
async function seenEverywhere(code: string, status: Status) {
  for (const role of STAFF) {
    const waiting = QUEUES[role].includes(status);
    expect((await queue(role)).map((i) => i.code).includes(code), `${role}'s work list`).toBe(waiting);
    expect((await home(role)).includes(code), `${role}'s home page`).toBe(waiting);
  }
  expect(await staffList(status)).toContain(code);
  expect((await lookup(code)).status).toBe(status);
  expect(await lookupPage(code)).toContain(STATUS_LABELS[status]);
}

/** Read every list and the lookup, so each answer is kept before the next change. */
async function readAll(code: string) {
  for (const role of STAFF) await Promise.all([queue(role), home(role)]);
  await Promise.all([staffList('received'), lookup(code), lookupPage(code)]);
}

describe('kept answers follow every change at once', () => {
  it('reception, appraisal, approval, seal, return: each shows on the very next read of every list and the lookup', async () => {
    const before = await receive();
    await readAll(before);
    const code = await receive('Trần Văn Bình');
    await seenEverywhere(code, 'received');
    const steps: [string, string, object, Status][] = [
      ['specialist', 'appraisal', { decision: 'accept' }, 'appraised'],
      ['leader', 'approval', { pin: TEST_PIN }, 'approved'],
      ['clerk', 'seal', { pin: TEST_PIN }, 'sealed'],
      ['reception', 'return', { rating: 5 }, 'returned'],
    ];
    for (const [who, action, body, status] of steps) {
      await readAll(code);
      expect((await h.post(who, `/api/v1/dossiers/${code}/${action}`, body)).status, action).toBe(200);
      await seenEverywhere(code, status);
    }
    expect((await lookup(code)).resultReady).toBe(true);
  }, 180_000); // two signatures and ~80 reads: over a minute on a machine others load

  it('a supplement request and the supplement move the dossier between queues at once', async () => {
    const code = await receive();
    await readAll(code);
    await ok(await h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'supplement', note: 'Thiếu giấy', missingItems: ['Giấy chứng sinh'] }));
    await seenEverywhere(code, 'supplement_requested');
    const form = new FormData();
    form.append('files', new Blob([await pngScan('Giấy chứng sinh')], { type: 'image/png' }), 'bo-sung.png');
    form.append('note', 'Đã bổ sung');
    await ok(await h.post('reception', `/api/v1/dossiers/${code}/supplement`, form));
    await seenEverywhere(code, 'received');
  });

  it('turns overdue with time alone, and an apology moves the appointment the citizen sees', async () => {
    const code = await receive();
    expect((await queue('specialist')).find((i) => i.code === code)?.overdue).toBe(false);
    expect(await home('specialist')).not.toContain('is-overdue');
    h.clock.advance(3 * 86_400_000); // one working day's procedure, three days on
    expect((await queue('specialist')).find((i) => i.code === code)?.overdue).toBe(true);
    expect(await home('specialist')).toContain('is-overdue');

    const promised = (await lookup(code)).appointmentAt;
    const newAppointmentAt = fromLocal(2026, 12, 15, 9, 0);
    await ok(await h.post('leader', `/api/v1/dossiers/${code}/apology`, { reason: 'Cần xác minh thêm', newAppointmentAt }));
    expect((await lookup(code)).appointmentAt).toBe(newAppointmentAt);
    expect(newAppointmentAt).not.toBe(promised);
    expect(await lookupPage(code)).toContain('15/12/2026');
  });

  it('a change written through another database connection (another process) shows at once', async () => {
    const code = await receive('Lê Văn Cường');
    await readAll(code);
    const other = new Database(path.join(h.dir, 'taicho.sqlite'));
    try {
      other.prepare('UPDATE dossiers SET applicant_name = ? WHERE code = ?').run('Lê Văn Cường Mới', code);
      expect((await queue('specialist')).find((i) => i.code === code)?.applicantName).toBe('Lê Văn Cường Mới');
      expect(await home('specialist')).toContain('Lê Văn Cường Mới');
      other.prepare(`UPDATE dossiers SET status = 'appraised' WHERE code = ?`).run(code);
      expect((await lookup(code)).status).toBe('appraised');
      expect((await queue('leader')).map((i) => i.code)).toContain(code);
      expect((await queue('specialist')).map((i) => i.code)).not.toContain(code);
      // Digitisation progress shows on no list today, but it moves the count all the same.
      const version = h.services.changes.version();
      other.prepare('UPDATE documents SET pages_done = pages_done WHERE dossier_code = ?').run(code);
      expect(h.services.changes.version()).toBeGreaterThan(version);
    } finally {
      other.close();
    }
  });
});

describe('kept answers are never another user’s', () => {
  it('two users of one role each see their own name and CSRF token around the same list', async () => {
    const code = await receive();
    const [one, two] = [await home('specialist'), await home('specialist2')];
    for (const page of [one, two]) expect(page).toContain(code);
    expect(one).toContain(csrfToken(await h.token('specialist')));
    expect(two).toContain(csrfToken(await h.token('specialist2')));
    expect(two).toContain('Phạm Thị Thu Hà');
    expect(two).not.toContain(csrfToken(await h.token('specialist')));
    expect(one).not.toContain('Phạm Thị Thu Hà');
    // The same user signed in twice (two counters): each session's own token in its forms.
    const login = await h.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'specialist', password: DEMO_PASSWORD }) });
    const second = ((await login.json()) as { token: string }).token;
    const again = await (await ok(await h.app.request('/', { headers: { cookie: `taicho_session=${second}` } }))).text();
    expect(again).toContain(csrfToken(second));
    expect(again).not.toContain(csrfToken(await h.token('specialist')));
  });

  it('each role gets its own queue, page and staff list', async () => {
    const code = await receive();
    expect((await queue('specialist')).map((i) => i.code)).toContain(code);
    expect((await queue('leader')).map((i) => i.code)).not.toContain(code);
    expect(await home('specialist')).toContain(code);
    expect(await home('leader')).not.toContain(code);
    expect(await home('reception')).toContain('Tiếp nhận hồ sơ mới');
    expect(await home('specialist')).not.toContain('Tiếp nhận hồ sơ mới');
  });

  it('the lookup page: a signed-in member of staff and a citizen each get their own frame; the access key typed is the one shown', async () => {
    const code = await receive();
    const staff = await lookupPage(code, 'reception');
    expect(staff).toContain(csrfToken(await h.token('reception')));
    const citizen = await lookupPage(code);
    expect(citizen).not.toContain(csrfToken(await h.token('reception')));
    expect(citizen).not.toContain('Đăng xuất');
    expect(await lookupPage(code, 'specialist')).toContain(csrfToken(await h.token('specialist')));
  });

  it('the download form keeps each citizen’s own access key', async () => {
    const code = await receive();
    await ok(await h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'accept' }));
    await ok(await h.post('leader', `/api/v1/dossiers/${code}/approval`, { pin: TEST_PIN }));
    await ok(await h.post('clerk', `/api/v1/dossiers/${code}/seal`, { pin: TEST_PIN }));
    expect(await lookupPage(code, undefined, '?k=AAAA-BBBB')).toContain('value="AAAA-BBBB"');
    const other = await lookupPage(code, undefined, '?k=CCCC-DDDD');
    expect(other).toContain('value="CCCC-DDDD"');
    expect(other).not.toContain('AAAA-BBBB');
  });
});

it('a repeated lookup with the answer’s ETag is 304 until the dossier changes', async () => {
  const code = await receive();
  const first = await ok(await h.get(null, `/api/v1/public/dossiers/${code}`));
  const etag = first.headers.get('etag')!;
  expect(etag).toMatch(/^W\/"[0-9a-z]+-[0-9a-z]+"$/);
  const again = await h.app.request(`/api/v1/public/dossiers/${code}`, { headers: { 'if-none-match': etag } });
  expect(again.status).toBe(304);
  expect(await again.text()).toBe('');
  await ok(await h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'reject', note: 'Không thuộc thẩm quyền' }));
  const changed = await h.app.request(`/api/v1/public/dossiers/${code}`, { headers: { 'if-none-match': etag } });
  expect(changed.status).toBe(200);
  expect(((await changed.json()) as { status: string }).status).toBe('rejected');
  expect(changed.headers.get('etag')).not.toBe(etag);
});
