import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simplePdf } from '../support/fixtures';
import { makeHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await makeHarness();
});
afterAll(() => h.close());

function upload(bytes: Uint8Array, name = 'tai-lieu.pdf'): FormData {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  return form;
}

describe('POST /api/v1/verify', () => {
  it('an unsigned PDF is not valid, and says why', async () => {
    const res = await h.post('auditor', '/api/v1/verify', upload(await simplePdf()));
    expect(res.status).toBe(200);
    const report = (await res.json()) as { valid: boolean; reasons: string[]; signatures: unknown[] };
    expect(report.valid).toBe(false);
    expect(report.signatures).toHaveLength(0);
    expect(report.reasons.join(' ')).toMatch(/no signature/);
  });

  it('renders the same verdict as an HTML page and a PDF report', async () => {
    const html = await h.post('auditor', '/api/v1/verify?format=html', upload(await simplePdf()));
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    const page = await html.text();
    expect(page).toMatch(/Không hợp lệ/);
    // A self-contained file with its style inline: the policy allows that one block by hash, no other.
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1];
    const hash = createHash('sha256').update(style).digest('base64');
    const csp = html.headers.get('content-security-policy')!;
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).not.toMatch(/unsafe-inline/);
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');
    const pdf = await h.post('auditor', '/api/v1/verify?format=pdf', upload(await simplePdf()));
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
  });

  it('not a PDF → 422 not_a_pdf, never a 500', async () => {
    const res = await h.post('auditor', '/api/v1/verify', upload(new TextEncoder().encode('GIF89a not a pdf at all')));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_a_pdf');
    expect(h.errors).toHaveLength(0);
  });

  // A damaged file that starts like a PDF is read the way PDF readers read it (objects found by
  // scanning): the verdict is "not valid", and the report says what was damaged.
  it.each([
    ['a truncated PDF', new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R')],
    ['random bytes after a header', new Uint8Array([...new TextEncoder().encode('%PDF-1.4\n'), ...Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256)])],
  ])('%s → 200, not valid, no signature, a warning naming the damage; never a 500', async (_name, bytes) => {
    const res = await h.post('auditor', '/api/v1/verify', upload(bytes));
    expect(res.status).toBe(200);
    const report = (await res.json()) as { valid: boolean; signatures: unknown[]; warnings: string[] };
    expect(report.valid).toBe(false);
    expect(report.signatures).toEqual([]);
    expect(report.warnings.join(' ')).toMatch(/no readable cross-reference/);
    expect(h.errors).toHaveLength(0);
  });

  it('without a file → 400; without a token → 401; the public may not use it', async () => {
    expect((await h.post('auditor', '/api/v1/verify', new FormData())).status).toBe(400);
    expect((await h.post(null, '/api/v1/verify', upload(await simplePdf()))).status).toBe(401);
    expect((await h.post('admin', '/api/v1/verify', upload(await simplePdf()))).status).toBe(403);
  });
});
