import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/auth/roles';
import { receptionForm } from '../support/fixtures';
import { makeHarness, type Harness } from '../support/harness';

let h: Harness;
let code: string;
beforeAll(async () => {
  h = await makeHarness();
  code = ((await (await h.post('reception', '/api/v1/dossiers', await receptionForm())).json()) as { code: string }).code;
});
afterAll(() => h.close());

/** Every authenticated route, who may use it, and a body that gets past validation. */
const matrix: { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: () => string; allowed: Role[]; body?: () => Promise<unknown> | unknown }[] = [
  { method: 'GET', url: () => '/api/v1/procedures', allowed: [...ROLES] },
  { method: 'POST', url: () => '/api/v1/dossiers', allowed: ['reception'], body: () => receptionForm() },
  { method: 'GET', url: () => '/api/v1/dossiers', allowed: [...ROLES] },
  { method: 'GET', url: () => `/api/v1/dossiers/${code}`, allowed: [...ROLES] },
  { method: 'POST', url: () => `/api/v1/dossiers/${code}/appraisal`, allowed: ['specialist'], body: () => ({ decision: 'reject', note: 'Không đủ điều kiện' }) },
  { method: 'POST', url: () => `/api/v1/dossiers/${code}/supplement`, allowed: ['reception'], body: () => new FormData() },
  { method: 'POST', url: () => `/api/v1/dossiers/${code}/approval`, allowed: ['leader'], body: () => ({ pin: '000000' }) },
  { method: 'POST', url: () => `/api/v1/dossiers/${code}/seal`, allowed: ['clerk'], body: () => ({ pin: '000000' }) },
  { method: 'POST', url: () => `/api/v1/dossiers/${code}/return`, allowed: ['reception'], body: () => ({}) },
  { method: 'POST', url: () => `/api/v1/dossiers/${code}/withdraw`, allowed: ['reception'], body: () => ({ reason: 'Công dân xin rút' }) },
  { method: 'POST', url: () => `/api/v1/dossiers/${code}/apology`, allowed: ['specialist', 'leader', 'reception'], body: () => ({ reason: 'Chậm', newAppointmentAt: Date.now() + 1e9 }) },
  { method: 'GET', url: () => `/api/v1/dossiers/${code}/receipt`, allowed: ['reception', 'specialist', 'leader', 'clerk'] },
  { method: 'GET', url: () => `/api/v1/dossiers/${code}/slips/process-control`, allowed: ['reception', 'specialist', 'leader', 'clerk', 'auditor'] },
  // The signed result names the citizen and cannot be masked: not for auditor or admin; its report is.
  { method: 'GET', url: () => `/api/v1/dossiers/${code}/result`, allowed: ['reception', 'specialist', 'leader', 'clerk'] },
  { method: 'GET', url: () => `/api/v1/dossiers/${code}/result/verification`, allowed: ['reception', 'specialist', 'leader', 'clerk', 'auditor'] },
  { method: 'GET', url: () => `/api/v1/dossiers/${code}/documents/x/source`, allowed: ['reception', 'specialist', 'leader', 'clerk'] },
  { method: 'POST', url: () => `/api/v1/dossiers/${code}/documents/x/certify`, allowed: ['reception'], body: () => ({ pin: '000000' }) },
  { method: 'GET', url: () => '/api/v1/search?q=thu', allowed: ['reception', 'specialist', 'leader', 'clerk'] },
  { method: 'GET', url: () => `/api/v1/dossiers/${code}/audit`, allowed: ['auditor'] },
  { method: 'GET', url: () => '/api/v1/audit/verify', allowed: ['auditor', 'admin'] },
  { method: 'GET', url: () => '/api/v1/stats', allowed: ['leader', 'auditor', 'admin'] },
  { method: 'GET', url: () => '/api/v1/citizens/001085012345/documents', allowed: ['reception'] },
  { method: 'GET', url: () => '/api/v1/users', allowed: ['admin'] },
  { method: 'GET', url: () => '/api/v1/calendar/2026', allowed: [...ROLES] },
  { method: 'PUT', url: () => '/api/v1/calendar/overrides', allowed: ['admin'], body: () => ({ date: '2026-12-31', kind: 'holiday', name: 'Nghỉ bù' }) },
];

describe('role matrix: each role against each action', () => {
  for (const route of matrix) {
    for (const role of ROLES) {
      const allowed = route.allowed.includes(role);
      it(`${route.method} ${route.url().replace(/\d{3}\.\d\d\.\d\d\.H56-\d{6}-\d{4}/, ':code')} as ${role} → ${allowed ? 'allowed' : '403'}`, async () => {
        const res = await h.call(role, route.method, route.url(), route.body ? await route.body() : undefined);
        if (allowed) expect(res.status, await res.clone().text()).not.toBe(403);
        else {
          expect(res.status).toBe(403);
          expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
        }
      });
    }
  }

  it('every route above refuses a request without a token with 401', async () => {
    for (const route of matrix) {
      const res = await h.call(null, route.method, route.url(), route.body ? await route.body() : undefined);
      expect(res.status, `${route.method} ${route.url()}`).toBe(401);
    }
  });
});
