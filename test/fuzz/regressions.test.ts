import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from '../support/harness';

/**
 * The smallest inputs the fuzzers of issue 10 (test/fuzz/*.test.ts) found failing, each kept
 * here as it was shrunk, so the fix stays fixed whatever the fuzzers' seeds draw next.
 */
let h: Harness;
beforeAll(async () => {
  h = await makeHarness();
});
afterAll(() => h?.close());

describe('fuzz findings (issue 10)', () => {
  it.each([
    ['a multipart part cut before its closing delimiter', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="username"\r\n\r\nabc'],
    ['a multipart Content-Type without a boundary', 'multipart/form-data', 'username=a'],
    ['a body that is not a form at all', 'text/plain', 'username=a&password=b'],
  ])('desk sign-in, %s: a 400 page, nothing logged as unhandled', async (_what, contentType, body) => {
    const res = await h.app.request('/sign-in', { method: 'POST', headers: { 'content-type': contentType, origin: 'http://localhost' }, body });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Không đọc được biểu mẫu gửi lên');
    expect(h.errors).toEqual([]);
  });
});

describe('fuzz findings in headers (issue 10)', () => {
  it('a form POST without a session and a Referer that is not a URL: to the sign-in page, not a 500', async () => {
    const res = await h.app.request('/reception/new', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost', referer: 'not a url' }, body: 'a=b' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in?next=%2F');
    expect(h.errors).toEqual([]);
  });
});
