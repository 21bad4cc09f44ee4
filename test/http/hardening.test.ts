import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngScan, receptionForm } from '../support/fixtures';
import { makeHarness, type Harness } from '../support/harness';

// The review's "also found" items: how uploads are served back, search auditing, usernames
// that become file names, and the security headers on pages and API answers.

let h: Harness;
beforeAll(async () => {
  h = await makeHarness();
});
afterAll(() => h.close());

async function receive(files: { name: string; bytes: Uint8Array }[]) {
  const res = await h.post('reception', '/api/v1/dossiers', await receptionForm({ files }));
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { code: string; documents: { id: string }[] };
}

describe('uploaded sources are served back safely', () => {
  it('an HTML file with %PDF- in its first kilobyte is an attachment of no particular type, with nosniff', async () => {
    const polyglot = new TextEncoder().encode('<html><!-- %PDF-1.7 --><script>alert(document.cookie)</script></html>');
    const { code, documents } = await receive([{ name: 'to-khai.html', bytes: polyglot }]);
    const res = await h.get('specialist', `/api/v1/dossiers/${code}/documents/${documents[0].id}/source`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(polyglot); // as received, byte for byte
  });

  it('a real PNG is shown inline as image/png, with nosniff', async () => {
    const { code, documents } = await receive([{ name: 'scan.png', bytes: await pngScan() }]);
    const res = await h.get('specialist', `/api/v1/dossiers/${code}/documents/${documents[0].id}/source`);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toMatch(/^inline;/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('full-text search', () => {
  it('records who searched for what in the audit trail', async () => {
    expect((await h.get('clerk', `/api/v1/search?q=${encodeURIComponent('001085012345')}`)).status).toBe(200);
    const entries = h.storage.handle.sqlite.prepare("select actor_name as actor, detail from audit_log where action = 'search.performed'").all() as { actor: string; detail: string }[];
    expect(entries).toHaveLength(1);
    expect(entries[0].actor).toBe('clerk');
    expect(JSON.parse(entries[0].detail)).toMatchObject({ query: '001085012345', hits: 0 });
    expect(((await (await h.get('auditor', '/api/v1/audit/verify')).json()) as { chainValid: boolean }).chainValid).toBe(true);
  });
});

describe('usernames become file names, so they are checked', () => {
  it.each(['../evil', '..hidden', '.x1', '-rf', 'Upper', 'ab', 'a/b', 'x'.repeat(41)])('%s is refused at creation with 400', async (username) => {
    const res = await h.post('admin', '/api/v1/users', { username, password: 'mật-khẩu-dài', role: 'leader', displayName: 'Lãnh đạo mới' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_username');
  });

  it('the image store refuses any name that would leave its folder, and writes nothing', async () => {
    const sharp = (await import('sharp')).default;
    const png = await sharp({ create: { width: 8, height: 8, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } } }).png().toBuffer();
    const store = h.storage.images;
    for (const name of ['../../outside', '../x', 'a/../../b', '']) {
      await expect(store.set('signature', png, name)).rejects.toMatchObject({ code: 'invalid_username', httpStatus: 400 });
      expect(await store.signature(name)).toBeUndefined();
    }
    expect(existsSync(path.join(h.dir, 'signature-..'))).toBe(false);
    expect(readdirSync(h.dir).filter((f) => f.endsWith('.png'))).toEqual([]);
    expect(existsSync(path.join(path.dirname(h.dir), 'outside.png'))).toBe(false);
    await store.set('signature', png, 'leader.nguyen');
    expect(await store.signature('leader.nguyen')).toBeDefined();
  });
});

describe('security headers', () => {
  const CSP =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; frame-src 'self' blob:; object-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'";

  function expectSecure(res: Response) {
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  }

  it('on the lookup page, whose stylesheet is served from the service itself', async () => {
    const { code } = await receive([{ name: 'scan.png', bytes: await pngScan() }]);
    const page = await h.get(null, `/lookup/${code}`);
    expect(page.status).toBe(200);
    expectSecure(page);
    const html = await page.text();
    // Nothing inline for the CSP to block: scripts only by src, no style blocks or attributes.
    expect(html).not.toMatch(/<style|style=|<script(?![^>]*\ssrc=)|\son[a-z]+=/);
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1];
    expect(href).toMatch(/^\/assets\//);
    const css = await h.get(null, href!);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).toContain('.tag');
  });

  it('on API answers, errors included', async () => {
    expectSecure(await h.get('reception', '/api/v1/procedures'));
    expectSecure(await h.get(null, '/api/v1/dossiers'));
    expectSecure(await h.get(null, '/api/v1/public/dossiers/khong-co'));
  });
});
