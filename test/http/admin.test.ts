import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receptionForm } from '../support/fixtures';
import { makeHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await makeHarness();
});
afterAll(() => h.close());

describe('users, sessions, work lists, calendar', () => {
  it('an admin creates a user who can then log in; bad users are refused', async () => {
    const res = await h.post('admin', '/api/v1/users', { username: 'chuyenvien2', password: 'mật-khẩu-dài', role: 'specialist', displayName: 'Đặng Thị Ngọc Ánh' });
    expect(res.status).toBe(201);
    const login = await h.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'chuyenvien2', password: 'mật-khẩu-dài' }) });
    expect(((await login.json()) as { user: { role: string } }).user.role).toBe('specialist');
    expect((await h.post('admin', '/api/v1/users', { username: 'X!', password: 'short', role: 'specialist', displayName: 'A B' })).status).toBe(400);
    expect((await h.post('admin', '/api/v1/users', { username: 'ok-name', password: 'long enough', role: 'superuser', displayName: 'A B' })).status).toBe(400);
    const dup = await h.post('admin', '/api/v1/users', { username: 'chuyenvien2', password: 'mật-khẩu-khác', role: 'leader', displayName: 'Người Khác' });
    expect(dup.status).toBe(409);
    expect(((await dup.json()) as { error: { code: string } }).error.code).toBe('username_taken');
    const list = (await (await h.get('admin', '/api/v1/users')).json()) as { users: { username: string; passwordHash?: string }[] };
    expect(list.users.map((u) => u.username)).toContain('chuyenvien2');
    expect(JSON.stringify(list)).not.toContain('scrypt$');
  });

  it('logout revokes the token', async () => {
    const login = await h.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'auditor', password: 'mật-khẩu-thử-123' }) });
    const { token } = (await login.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    expect((await h.app.request('/api/v1/auth/logout', { method: 'POST', headers: auth })).status).toBe(200);
    expect((await h.app.request('/api/v1/auth/me', { headers: auth })).status).toBe(401);
  });

  it('five wrong passwords lock the account for a minute', async () => {
    const attempt = (password: string) => h.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'clerk', password }) });
    for (let i = 0; i < 5; i++) expect((await attempt('sai')).status).toBe(401);
    expect((await attempt('mật-khẩu-thử-123')).status).toBe(429);
  });

  it('lists dossiers by status for the work queue', async () => {
    await h.post('reception', '/api/v1/dossiers', await receptionForm());
    const res = (await (await h.get('specialist', '/api/v1/dossiers?status=received')).json()) as { dossiers: { status: string }[] };
    expect(res.dossiers.length).toBeGreaterThan(0);
    expect(res.dossiers.every((d) => d.status === 'received')).toBe(true);
    expect(((await (await h.get('specialist', '/api/v1/dossiers?status=sealed')).json()) as { dossiers: unknown[] }).dossiers).toHaveLength(0);
  });

  it('an admin removes an override; removing one that does not exist is a 404', async () => {
    await h.call('admin', 'PUT', '/api/v1/calendar/overrides', { date: '2026-12-26', kind: 'workday', name: 'Làm bù' });
    expect((await h.call('admin', 'DELETE', '/api/v1/calendar/overrides/2026-12-26')).status).toBe(200);
    expect((await h.call('admin', 'DELETE', '/api/v1/calendar/overrides/2026-12-26')).status).toBe(404);
    expect(((await (await h.get('auditor', '/api/v1/audit/verify')).json()) as { chainValid: boolean }).chainValid).toBe(true);
  });

  it('unknown routes are JSON 404s and /health answers', async () => {
    const res = await h.get('admin', '/api/v1/khong-co');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    expect((await h.app.request('/health')).status).toBe(200);
  });
});
