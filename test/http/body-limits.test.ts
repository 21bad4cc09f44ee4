import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from '../support/harness';

const MiB = 1024 * 1024;
const CHUNK = 16 * 1024;

let h: Harness;
beforeAll(async () => {
  // 100 kB files, at most 3 per request: a multipart request may hold 3 × 100 kB + 64 KiB.
  h = await makeHarness({ pki: true, env: { TAICHO_MAX_UPLOAD_BYTES: '100000', TAICHO_MAX_FILES: '3' } });
});
afterAll(() => h.close());

/** A body of `total` bytes handed out in 16 KiB chunks as the server pulls them, counting what it pulled. */
function countingBody(total: number, source?: Uint8Array) {
  const meter = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (meter.pulled >= total) return controller.close();
        const n = Math.min(CHUNK, total - meter.pulled);
        controller.enqueue(source ? source.slice(meter.pulled, meter.pulled + n) : new Uint8Array(n).fill(0x30));
        meter.pulled += n;
      },
    },
    { highWaterMark: 0 },
  );
  return { body, meter };
}

async function send(url: string, total: number, headers: Record<string, string> = {}, source?: Uint8Array) {
  const { body, meter } = countingBody(total, source);
  const res = await h.app.request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, duplex: 'half' } as RequestInit);
  return { res, pulled: meter.pulled };
}

describe('request bodies are limited before they are read', () => {
  it.each([
    ['/pki/tsa', 64 * 1024],
    ['/pki/ocsp', 64 * 1024],
    ['/api/v1/auth/login', 16 * 1024],
  ])('1 MB to %s is 413 having read at most its limit (%i bytes), chunked or with Content-Length', async (url, limit) => {
    const chunked = await send(url, MiB);
    expect(chunked.res.status).toBe(413);
    expect(((await chunked.res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    expect(chunked.pulled).toBeLessThanOrEqual(limit + CHUNK);
    const declared = await send(url, MiB, { 'content-length': String(MiB) });
    expect(declared.res.status).toBe(413);
    expect(declared.pulled).toBeLessThanOrEqual(CHUNK);
  });

  it('small JSON routes take a few KiB, an appraisal its result text', async () => {
    const token = await h.token('reception');
    const withdraw = await send('/api/v1/dossiers/x/withdraw', 20 * 1024, { authorization: `Bearer ${token}` });
    expect(withdraw.res.status).toBe(413);
    const appraisal = await send('/api/v1/dossiers/x/appraisal', 100 * 1024, { authorization: `Bearer ${await h.token('specialist')}` });
    expect(appraisal.res.status).not.toBe(413); // read whole, then the (unknown) dossier is the problem
    expect(appraisal.pulled).toBe(100 * 1024);
  });

  it('without a token nothing of the body is read', async () => {
    const { res, pulled } = await send('/api/v1/dossiers/x/withdraw', MiB, { 'content-length': String(MiB) });
    expect(res.status).toBe(401);
    expect(pulled).toBeLessThanOrEqual(CHUNK);
  });

  const boundary = 'ranh-gioi-1234';
  /** A multipart body of `total` bytes: the procedure field, then one file part of `fileBytes`, then small parts. */
  function multipartBody(total: number, fileBytes: number) {
    const enc = (t: string) => new TextEncoder().encode(t);
    const body = new Uint8Array(total).fill(0x41);
    const head = enc(`--${boundary}\r\ncontent-disposition: form-data; name="procedureCode"\r\n\r\n1.001193\r\n--${boundary}\r\ncontent-disposition: form-data; name="files"; filename="lon.png"\r\n\r\n`);
    body.set(head);
    for (let at = head.length + fileBytes; at + 200 < total; at += 50_000) body.set(enc(`\r\n--${boundary}\r\ncontent-disposition: form-data; name="note"\r\n\r\n`), at);
    body.set(enc(`\r\n--${boundary}--\r\n`), total - boundary.length - 8);
    return body;
  }
  const upload = async (total: number, fileBytes: number, declared: boolean) =>
    send('/api/v1/dossiers', total, { authorization: `Bearer ${await h.token('reception')}`, 'content-type': `multipart/form-data; boundary=${boundary}`, ...(declared ? { 'content-length': String(total) } : {}) }, multipartBody(total, fileBytes));

  it.each([true, false])('a multipart upload stops at the first part over the largest file, not at the end of the request (Content-Length: %s)', async (declared) => {
    // Within the request's limit (3 × 100 kB + 64 KiB), but one part three times the largest file.
    const { res, pulled } = await upload(300_000, 290_000, declared);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('file_too_large');
    expect(pulled).toBeLessThanOrEqual(100_000 + 64 * 1024 + 2 * CHUNK);
  });

  it('a chunked multipart body is stopped at the route limit as it streams, not buffered first', async () => {
    const { res, pulled } = await upload(MiB, 50_000, false); // small parts, too many bytes in all
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    expect(pulled).toBeLessThanOrEqual(3 * 100_000 + 64 * 1024 + 2 * CHUNK);
  });

  it('over a real socket: 413 at once, with Content-Length and chunked', async () => {
    const server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' });
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      for (const chunked of [false, true]) {
        for (const path of ['/pki/tsa', '/pki/ocsp', '/api/v1/auth/login']) {
          const started = performance.now();
          const { status, body } = await rawPost(port, path, MiB, chunked);
          expect(status, `${path} chunked=${chunked}`).toBe(413);
          expect(JSON.parse(body).error.code).toBe('payload_too_large');
          expect(performance.now() - started).toBeLessThan(2000); // generous: the machine may be shared; what is read is checked above
        }
      }
    } finally {
      server.close();
    }
  });
});

/** POSTs `size` bytes in 64 KiB writes; resolves with the response as soon as it comes. */
function rawPost(port: number, path: string, size: number, chunked: boolean): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(size) }) };
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers, agent: false }); // the server may close the connection it did not read to the end
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (e) => reject(new Error(`${path} chunked=${chunked}: ${e.message}`)));
    const piece = Buffer.alloc(64 * 1024, 0x30);
    let sent = 0;
    const write = () => {
      while (sent < size) {
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}
