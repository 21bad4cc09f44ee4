import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/auth/roles';
import { TEST_PIN } from '../../src/pki';
import { CCCD, receptionForm, simplePdf } from '../support/fixtures';
import { makeHarness, type Harness } from '../support/harness';

/**
 * Every authenticated route against every role, with the exact status each cell must give:
 * a role not listed gets 403 `forbidden`; a listed role gets its status, which proves the
 * request got past the role check and did what it should (or refused for the stated reason).
 *
 * One line per route. In the path, `:code` is a dossier in the state named by `on` (a fresh
 * one per allowed cell when the action changes it, so no cell depends on another), `:doc` its
 * PDF document (certified once), `:sealed` a sealed dossier. `'*'` means every role.
 */
type State = 'received' | 'fresh' | 'supplement' | 'appraised' | 'approved' | 'rejected';
type Body = () => unknown;
interface Row { route: string; expect: Partial<Record<Role | '*', number>>; on?: State; body?: Body }

const pdfForm = async (field: string) => {
  const f = new FormData();
  f.append(field, new Blob([await simplePdf()]), 'ban-ve.pdf');
  return f;
};
const transparentPng = () => sharp({ create: { width: 60, height: 60, channels: 4, background: { r: 0, g: 0, b: 200, alpha: 0.5 } } }).png().toBuffer();
const session = () => ({ sessionId: '00000000-0000-0000-0000-000000000000', signature: 'AAAA' });

const MATRIX: Row[] = [
  { route: 'GET /api/v1/auth/me', expect: { '*': 200 } },
  { route: 'GET /api/v1/procedures', expect: { '*': 200 } },
  { route: 'POST /api/v1/dossiers', expect: { reception: 201 }, body: () => receptionForm() },
  { route: 'GET /api/v1/dossiers', expect: { '*': 200 } },
  { route: 'GET /api/v1/dossiers/:code', expect: { '*': 200 } },
  { route: 'GET /api/v1/work-list', expect: { '*': 200 } },
  { route: 'GET /api/v1/dossiers/find?q=Nguy%E1%BB%85n', expect: { '*': 200 } },
  { route: 'POST /api/v1/dossiers/:code/appraisal', on: 'fresh', expect: { specialist: 200 }, body: () => ({ decision: 'reject', note: 'Không đủ điều kiện' }) },
  { route: 'POST /api/v1/dossiers/:code/supplement', on: 'supplement', expect: { reception: 200 }, body: () => pdfForm('files') },
  { route: 'POST /api/v1/dossiers/:code/approval', on: 'appraised', expect: { leader: 200 }, body: () => ({ pin: TEST_PIN }) },
  { route: 'POST /api/v1/dossiers/:code/approval/prepare', on: 'appraised', expect: { leader: 200 } },
  { route: 'POST /api/v1/dossiers/:code/approval/complete', on: 'appraised', expect: { leader: 404 }, body: session },
  { route: 'POST /api/v1/dossiers/:code/seal', on: 'approved', expect: { clerk: 200 }, body: () => ({ pin: TEST_PIN }) },
  { route: 'POST /api/v1/dossiers/:code/seal/prepare', on: 'approved', expect: { clerk: 200 } },
  { route: 'POST /api/v1/dossiers/:code/seal/complete', on: 'approved', expect: { clerk: 404 }, body: session },
  { route: 'POST /api/v1/dossiers/:code/return', on: 'rejected', expect: { reception: 200 }, body: () => ({ rating: 5 }) },
  { route: 'POST /api/v1/dossiers/:code/withdraw', on: 'fresh', expect: { reception: 200 }, body: () => ({ reason: 'Công dân xin rút' }) },
  // Not overdue yet: the roles that may apologise get 409, the others 403.
  { route: 'POST /api/v1/dossiers/:code/apology', expect: { specialist: 409, leader: 409, reception: 409 }, body: () => ({ reason: 'Chậm', newAppointmentAt: Date.now() + 1e9 }) },
  { route: 'GET /api/v1/dossiers/:code/receipt', expect: { reception: 200, specialist: 200, leader: 200, clerk: 200 } },
  { route: 'GET /api/v1/dossiers/:code/slips/process-control', expect: { reception: 200, specialist: 200, leader: 200, clerk: 200, auditor: 200 } },
  // Only a digitised document is certified (this harness does not digitise: 409); the 201 is in certify.test.ts.
  { route: 'POST /api/v1/dossiers/:code/documents/:doc/certify', on: 'fresh', expect: { reception: 409 }, body: () => ({ pin: TEST_PIN }) },
  { route: 'GET /api/v1/dossiers/:code/documents/:doc', expect: { reception: 409, specialist: 409, leader: 409, clerk: 409 } }, // not digitised here
  { route: 'GET /api/v1/dossiers/:code/documents/:doc/source', expect: { reception: 200, specialist: 200, leader: 200, clerk: 200 } },
  { route: 'GET /api/v1/dossiers/:code/documents/:doc/certified', expect: { reception: 404, specialist: 404, leader: 404, clerk: 404 } }, // no copy made
  { route: 'GET /api/v1/dossiers/:code/events', expect: { reception: 200, specialist: 200, leader: 200, clerk: 200 } },
  // The signed result names the citizen and cannot be masked: not for auditor or admin; its report is.
  { route: 'GET /api/v1/dossiers/:code/result', expect: { reception: 404, specialist: 404, leader: 404, clerk: 404 } }, // none before appraisal
  { route: 'GET /api/v1/dossiers/:sealed/result', expect: { reception: 200, specialist: 200, leader: 200, clerk: 200 } },
  { route: 'GET /api/v1/dossiers/:sealed/result/verification', expect: { reception: 200, specialist: 200, leader: 200, clerk: 200, auditor: 200 } },
  { route: 'POST /api/v1/verify', expect: { reception: 200, specialist: 200, leader: 200, clerk: 200, auditor: 200 }, body: () => pdfForm('file') },
  { route: 'GET /api/v1/search?q=ho%20so', expect: { reception: 200, specialist: 200, leader: 200, clerk: 200 } },
  { route: 'GET /api/v1/dossiers/:code/audit', expect: { auditor: 200 } },
  { route: 'GET /api/v1/audit/verify', expect: { auditor: 200, admin: 200 } },
  { route: 'GET /api/v1/stats', expect: { leader: 200, auditor: 200, admin: 200 } },
  { route: `GET /api/v1/citizens/${CCCD}/documents`, expect: { reception: 200 } },
  { route: 'GET /api/v1/users', expect: { admin: 200 } },
  { route: 'POST /api/v1/users', expect: { admin: 201 }, body: () => ({ username: 'chuyenvien2', password: 'mật-khẩu-đủ-dài-123', role: 'specialist', displayName: 'Phạm Văn Bình' }) },
  { route: 'PUT /api/v1/users/leader/signature-image', expect: { admin: 200 }, body: transparentPng },
  { route: 'PUT /api/v1/agency/seal-image', expect: { admin: 200 }, body: transparentPng },
  { route: 'GET /api/v1/calendar/2026', expect: { '*': 200 } },
  { route: 'PUT /api/v1/calendar/overrides', expect: { admin: 200 }, body: () => ({ date: '2026-12-31', kind: 'holiday', name: 'Nghỉ bù' }) },
  { route: 'DELETE /api/v1/calendar/overrides/2026-12-30', expect: { admin: 200 } }, // made in beforeAll
];

let h: Harness;
const shared: Record<string, string> = {};

async function receive(): Promise<{ code: string; doc: string }> {
  const res = await h.post('reception', '/api/v1/dossiers', await receptionForm({ procedureCode: '2.000575', files: [{ name: 'de-nghi.pdf', bytes: await simplePdf() }] }));
  expect(res.status).toBe(201);
  const body = (await res.json()) as { code: string; documents: { id: string }[] };
  return { code: body.code, doc: body.documents[0].id };
}

async function step(as: Role, url: string, body: unknown, status = 200) {
  const res = await h.post(as, url, body);
  expect(res.status, `${url}: ${await res.clone().text()}`).toBe(status);
}

/** A dossier brought to `state` through the API. */
async function dossierIn(state: State): Promise<{ code: string; doc: string }> {
  const d = await receive();
  const at = (action: string) => `/api/v1/dossiers/${d.code}/${action}`;
  if (state === 'supplement') await step('specialist', at('appraisal'), { decision: 'supplement', note: 'Thiếu', missingItems: ['Bản sao CCCD'] });
  if (state === 'rejected') await step('specialist', at('appraisal'), { decision: 'reject', note: 'Không đủ điều kiện' });
  if (state === 'appraised' || state === 'approved') await step('specialist', at('appraisal'), { decision: 'accept', note: 'Đủ', result: { title: 'GIẤY PHÉP', body: 'Nội dung.' } });
  if (state === 'approved') await step('leader', at('approval'), { pin: TEST_PIN });
  return d;
}

beforeAll(async () => {
  h = await makeHarness({ pki: true });
  const d = await receive();
  Object.assign(shared, d);
  const sealed = await dossierIn('approved');
  await step('clerk', `/api/v1/dossiers/${sealed.code}/seal`, { pin: TEST_PIN });
  shared.sealed = sealed.code;
  const put = await h.call('admin', 'PUT', '/api/v1/calendar/overrides', { date: '2026-12-30', kind: 'holiday', name: 'Nghỉ bù' });
  expect(put.status).toBe(200);
});
afterAll(() => h.close());

async function send(as: Role | null, row: Row, ids: Record<string, string>): Promise<Response> {
  const [method, template] = row.route.split(' ');
  const url = template.replace(/:(code|doc|sealed)\b/g, (_, k: string) => ids[k]);
  const body = row.body ? await row.body() : undefined;
  const headers: Record<string, string> = as ? { authorization: `Bearer ${await h.token(as)}` } : {};
  if (body instanceof FormData || body === undefined) return h.app.request(url, { method, headers, body: body as FormData | undefined });
  if (body instanceof Uint8Array) return h.app.request(url, { method, headers: { ...headers, 'content-type': 'image/png' }, body: new Uint8Array(body) });
  return h.app.request(url, { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

const expected = (row: Row, role: Role) => row.expect[role] ?? row.expect['*'] ?? 403;

describe('role matrix: each role against each route, exact status', () => {
  for (const row of MATRIX) {
    for (const role of ROLES) {
      const status = expected(row, role);
      it(`${row.route} as ${role} → ${status}`, async () => {
        // Only a cell that may act gets a dossier of its own in the needed state.
        const ids = status !== 403 && row.on && row.on !== 'received' ? await dossierIn(row.on === 'fresh' ? 'received' : row.on) : shared;
        const res = await send(role, row, { ...shared, ...ids });
        const stream = res.headers.get('content-type')?.startsWith('text/event-stream');
        const text = stream ? '' : await res.text();
        if (stream) await res.body?.cancel(); // it stays open otherwise
        expect(res.status, text.slice(0, 300)).toBe(status);
        if (status === 403) expect(JSON.parse(text).error.code).toBe('forbidden');
      });
    }
  }

  it('every route above refuses a request without a token with 401', async () => {
    for (const row of MATRIX) {
      const res = await send(null, row, shared);
      expect(res.status, row.route).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code, row.route).toBe('no_token');
    }
  });
});
