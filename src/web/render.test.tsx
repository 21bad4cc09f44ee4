import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AuthUser } from '../auth/roles';
import type { Services } from '../http/services';
import { csrfToken } from './csrf';
import { pageAround } from './render';
import type { WebEnv } from './session';

/**
 * `pageAround` joins kept frame parts around the title and the main part: the frame is made
 * once per session and shared by every title, so each page must still show its own title,
 * escaped as the layout escapes it, and each session its own name and CSRF token.
 */
const settings = { agency: { name: 'UBND xã Thử' } };
function app(user?: AuthUser, token?: string) {
  return new Hono<WebEnv>()
    .use(async (c, next) => {
      c.set('services', { settings } as unknown as Services);
      if (user && token) {
        c.set('user', user);
        c.set('token', token);
      }
      await next();
    })
    .get('/p/:title', (c) => pageAround(c, { title: c.req.param('title') }, '<p>phần chính</p>'));
}
const user = (id: number, displayName: string): AuthUser => ({ id, username: `u${id}`, displayName, role: 'reception', title: null });
const html = async (a: Hono<WebEnv>, title: string) => (await a.request(`/p/${encodeURIComponent(title)}`)).text();
const titleOf = (page: string) => /<title>(.*?)<\/title>/s.exec(page)?.[1];

describe('pageAround', () => {
  it('gives each page its own title around one kept frame', async () => {
    const a = app();
    expect(titleOf(await html(a, 'Hồ sơ A-1'))).toBe('Hồ sơ A-1 – Một cửa điện tử');
    const second = await html(a, 'Hồ sơ B-2');
    expect(titleOf(second)).toBe('Hồ sơ B-2 – Một cửa điện tử');
    expect(second).toContain('<main id="main" tabindex="-1"><p>phần chính</p></main>');
  });

  it('escapes the title as the layout does (it carries what the visitor typed)', async () => {
    const page = await html(app(), `<script>alert("x")</script> & 'y'`);
    expect(titleOf(page)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39; – Một cửa điện tử');
    expect(page).not.toContain('<script>alert');
  });

  it('never shows one session’s name or CSRF token in another’s frame, whatever the title', async () => {
    const first = await html(app(user(1, 'Nguyễn Văn An'), 'token-one'), 'Việc của tôi');
    expect(first).toContain('Nguyễn Văn An');
    expect(first).toContain(csrfToken('token-one'));
    const other = await html(app(user(2, 'Trần Thị Bình'), 'token-two'), 'Việc của tôi');
    expect(other).toContain('Trần Thị Bình');
    expect(other).toContain(csrfToken('token-two'));
    expect(other).not.toContain('Nguyễn Văn An');
    expect(other).not.toContain(csrfToken('token-one'));
    const citizen = await html(app(), 'Việc của tôi');
    expect(citizen).not.toContain('Đăng xuất');
    expect(citizen).not.toContain('Trần Thị Bình');
  });
});
