import jsQR from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PIN } from '../../src/pki';
import { flat, pageRgba, pdfText } from '../../src/slips/testing';
import { receptionForm } from '../support/fixtures';
import { makeHarness, type Harness } from '../support/harness';
import { needTools } from '../support/tools';

// The citizen downloads the sealed result with the key from the appointment slip and the last
// 4 digits of their CCCD (001085012345 → 2345). Wrong tries are throttled per dossier and client.


let h: Harness;
beforeAll(async () => {
  h = await makeHarness({ pki: true });
});
afterAll(() => h.close());

async function received(): Promise<string> {
  const res = await h.post('reception', '/api/v1/dossiers', await receptionForm({ procedureCode: '2.000575' }));
  expect(res.status).toBe(201);
  return ((await res.json()) as { code: string }).code;
}

async function sealed(): Promise<string> {
  const code = await received();
  const steps = [
    await h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'accept', note: 'Đủ điều kiện', result: { title: 'GIẤY CHỨNG NHẬN', body: 'Nội dung.' } }),
    await h.post('leader', `/api/v1/dossiers/${code}/approval`, { pin: TEST_PIN }),
    await h.post('clerk', `/api/v1/dossiers/${code}/seal`, { pin: TEST_PIN }),
  ];
  for (const res of steps) expect(res.status, await res.clone().text()).toBe(200);
  return code;
}

const keyOf = (code: string) => h.storage.accessKeys.keyFor(code);
const WRONG_KEY = '0000-0000-0000-0000';

/** The download as a client at `address` would make it (the address is the TCP peer's). */
function download(code: string, query: Record<string, string>, address = '192.0.2.1') {
  const qs = new URLSearchParams(query).toString();
  return h.app.request(`/api/v1/public/dossiers/${code}/result?${qs}`, {}, { incoming: { socket: { remoteAddress: address } } });
}

async function errorOf(res: Response): Promise<{ status: number; code: string; message: string }> {
  const { error } = (await res.json()) as { error: { code: string; message: string } };
  return { status: res.status, code: error.code, message: error.message };
}

describe('the access key on the appointment slip', () => {
  let code: string;
  let key: string;
  let slip: Uint8Array;
  beforeAll(async () => {
    code = await received();
    key = keyOf(code);
    slip = new Uint8Array(await (await h.get('reception', `/api/v1/dossiers/${code}/receipt`)).arrayBuffer());
  });

  it('is in groups a person can type, derived (a reprint carries the same key), one per dossier', () => {
    expect(key).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/); // 16 × 5 = 80 bits
    expect(keyOf(code)).toBe(key);
    expect(keyOf(`${code.slice(0, -1)}9`)).not.toBe(key);
  });
  needTools('pdftotext').it('is printed on the slip (pdftotext)', () => {
    expect(flat(pdfText(slip))).toContain(flat(`Mã nhận kết quả: ${key}`));
  });
  needTools('pdftoppm').it("is inside the slip's QR link (pdftoppm + jsQR)", async () => {
    const { data, width, height } = await pageRgba(slip, 150);
    expect(jsQR(data, width, height)?.data).toBe(`https://dichvucong.example.vn/lookup/${code}?k=${key}`);
  });
});

describe('downloading the result', () => {
  it('before the result is ready, right and wrong proofs get the same 409', async () => {
    const code = await received();
    const right = await download(code, { k: keyOf(code), idLast4: '2345' });
    const wrong = await download(code, { k: WRONG_KEY, idLast4: '0000' });
    expect(await errorOf(right)).toEqual({ status: 409, code: 'result_not_ready', message: expect.any(String) });
    expect(await errorOf(wrong)).toEqual(await errorOf(await download(code, { k: keyOf(code), idLast4: '2345' })));
    // Nothing was counted: many wrong proofs on an unfinished dossier never reach a lock.
    for (let i = 0; i < 6; i++) expect((await download(code, { k: WRONG_KEY, idLast4: '0000' })).status).toBe(409);
  });

  it('after sealing: key and digits give the PDF; the old digits-only request does not', async () => {
    const code = await sealed();
    const key = keyOf(code);
    const old = await download(code, { idLast4: '2345' }, '192.0.2.10');
    expect(old.status).toBe(400);
    expect((await errorOf(old)).message).toMatch(/^k: /);
    const wrongKey = await errorOf(await download(code, { k: WRONG_KEY, idLast4: '2345' }, '192.0.2.10'));
    const wrongDigits = await errorOf(await download(code, { k: key, idLast4: '2346' }, '192.0.2.10'));
    expect(wrongKey).toEqual({ status: 403, code: 'wrong_proof', message: expect.any(String) });
    expect(wrongDigits).toEqual(wrongKey); // one answer: which half was wrong is not said
    // Typed by hand: lower case, no dashes, O for 0 and l for 1 are the same key.
    const typed = key.toLowerCase().replace(/-/g, '').replace(/0/g, 'o').replace(/1/g, 'l');
    const ok = await download(code, { k: typed, idLast4: '2345' }, '192.0.2.10');
    expect(ok.status, await ok.clone().text()).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await ok.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const view = (await (await h.get(null, `/api/v1/public/dossiers/${code}`)).json()) as { resultReady: boolean };
    expect(view.resultReady).toBe(true);
  });

  it('from the 6th wrong try on a dossier: 429 with Retry-After, growing, even with the right proof', async () => {
    const code = await sealed();
    const right = { k: keyOf(code), idLast4: '2345' };
    // Five clients, one try each: the dossier's count, not one client's, locks it.
    for (let i = 1; i <= 5; i++) expect((await download(code, { k: WRONG_KEY, idLast4: '2345' }, `198.51.100.${i}`)).status).toBe(403);
    const locked = await download(code, right, '198.51.100.99');
    expect(locked.status).toBe(429);
    expect((await errorOf(locked.clone())).code).toBe('result_locked');
    const first = Number(locked.headers.get('retry-after'));
    expect(first).toBeGreaterThan(0);

    h.clock.advance(first * 1000);
    expect((await download(code, { k: WRONG_KEY, idLast4: '2345' }, '198.51.100.6')).status).toBe(403); // counted again …
    const again = await download(code, right, '198.51.100.99'); // … and the lock is longer
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(first);

    h.clock.advance(Number(again.headers.get('retry-after')) * 1000);
    expect((await download(code, right, '198.51.100.99')).status).toBe(200);

    const audit = (await (await h.get('auditor', `/api/v1/dossiers/${code}/audit`)).json()) as { chainValid: boolean; entries: { action: string; detail: Record<string, unknown> }[] };
    expect(audit.entries.filter((e) => e.action === 'result.access_denied')).toHaveLength(6);
    expect(audit.entries.filter((e) => e.action === 'result.access_locked' && e.detail.scope === 'dossier')).toHaveLength(2);
    expect(audit.entries.find((e) => e.action === 'result.access_denied')?.detail).toMatchObject({ client: '198.51.100.1', keyMatched: false });
    expect(audit.chainValid).toBe(true);
  });

  it('a client with 5 wrong tries over several dossiers is locked out of every dossier; others are not', async () => {
    const codes = [await sealed(), await sealed()];
    const attacker = '203.0.113.66';
    for (let i = 0; i < 5; i++) expect((await download(codes[i % 2], { k: WRONG_KEY, idLast4: '0000' }, attacker)).status).toBe(403);
    const refused = await download(codes[0], { k: keyOf(codes[0]), idLast4: '2345' }, attacker);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    // The dossiers themselves had fewer than 5 failures each: their citizens still get in.
    expect((await download(codes[1], { k: keyOf(codes[1]), idLast4: '2345' }, '203.0.113.7')).status).toBe(200);
  });

  it('a malformed proof is a 400 naming the field', async () => {
    const code = await received();
    const res = await download(code, { k: keyOf(code), idLast4: '23a5' });
    expect(await errorOf(res)).toMatchObject({ status: 400, code: 'invalid_proof', message: expect.stringMatching(/^idLast4: /) });
    expect((await download(code, { k: 'ABC', idLast4: '2345' })).status).toBe(400);
  });
});
