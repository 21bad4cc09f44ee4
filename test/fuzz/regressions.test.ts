import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { receptionForm, simplePdf } from '../support/fixtures';
import { makeHarness, type Harness } from '../support/harness';
import { fuzzPool, verifyOnce } from './verify-target';

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

describe('fuzz findings in the verifier (issue 10)', () => {
  // The budget turns the old endless loop into a `too_slow` finding; 10 s leaves room for a
  // thread's cold start on a busy machine (the fixed parser answers in milliseconds).
  const pool = fuzzPool(10_000);
  afterAll(() => pool.destroy());

  // Shrunk from dss-pdf-byterange-overlap.pdf with its xref table cut and two numbers made huge:
  // a table that ends in a delimiter (or the end of the file) instead of `trailer` read "0 0"
  // subsections from the empty word forever, in a loop no budget saw.
  it('an xref table running into "(" instead of its trailer: a verdict, not a hang', async () => {
    const head = '%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n';
    const pdf = `${head}xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n(\nstartxref\n${head.length}\n%%EOF\n`;
    const trustDir = mkdtempSync(path.join(tmpdir(), 'taicho-fuzz-trust-')); // no anchors: the verdict is what counts
    expect(await verifyOnce(pool, trustDir, new Uint8Array(Buffer.from(pdf, 'latin1')))).toBe('invalid');
    rmSync(trustDir, { recursive: true });
  });
});

describe('fuzz findings in digitisation (issue 10)', () => {
  let d: Harness;
  beforeAll(async () => {
    d = await makeHarness({ digitise: { threads: 1 } });
  });
  afterAll(() => d?.close());

  /** simplePdf saved by pdf-lib has a cross-reference stream `/W [ 1 2 2 ] /Index [ 0 9 ]`; this edits it. */
  async function editedXref(edit: (xrefDict: string) => string): Promise<Uint8Array> {
    const text = Buffer.from(await simplePdf()).toString('latin1');
    const edited = text.replace(/\/Type \/XRef[\s\S]*?>>/, edit);
    expect(edited).not.toBe(text);
    return new Uint8Array(Buffer.from(edited, 'latin1'));
  }

  // Shrunk from the fuzzer's mutated simplePdf: pdf-lib read a 2^32-byte field byte by byte
  // (the document stayed `processing` for good) or 2^32 rows into one array (the heap).
  it.each([
    ['a field width /W of 2^32 bytes', (x: string) => x.replace(/\/W \[ (\d+) (\d+) (\d+) \]/, '/W [ $1 4294967296 $3 ]'), /field widths \/W \[1 4294967296 \d\]; each must be 0 to 8 bytes/],
    ['/Index declaring 2^32 rows', (x: string) => x.replace(/\/Index \[ 0 (\d+) \]/, '/Index [ 0 4294967296 ]'), /./],
  ])('a cross-reference stream with %s: the document ends (done or failed) within 20 s', async (_what, edit, error) => {
    const bytes = await editedXref(edit);
    const res = await d.post('reception', '/api/v1/dossiers', await receptionForm({ files: [{ name: 'ban-ve.pdf', bytes }] }));
    expect(res.status).toBe(201);
    const { code } = (await res.json()) as { code: string };
    const deadline = performance.now() + 20_000;
    let doc: { status: string; error: string | null };
    do {
      await new Promise((r) => setTimeout(r, 100));
      doc = ((await (await d.get('reception', `/api/v1/dossiers/${code}`)).json()) as { documents: (typeof doc)[] }).documents[0];
    } while (!['done', 'failed'].includes(doc.status) && performance.now() < deadline);
    expect(['done', 'failed']).toContain(doc.status);
    if (doc.status === 'failed') expect(doc.error).toMatch(error);
    else expect(error.source).toBe('.'); // only the /Index case may still digitise (its rows are read as far as the data goes)
  }, 30_000);
});
