import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PIN } from '../../src/pki';
import { RULES, type Action } from '../../src/dossiers/state-machine';
import { receptionForm, simplePdf } from '../support/fixtures';
import { makeHarness, type Harness } from '../support/harness';
import { haveTool, runTool } from '../support/tools';

/** Issue 14: what a newcomer following README meets — errors that say what to do, and the bugs found on the way. */
const hasOpenssl = haveTool('openssl');
let h: Harness;
beforeAll(async () => {
  h = await makeHarness({ pki: true });
});
afterAll(() => h.close());

async function receive(): Promise<string> {
  const res = await h.post('reception', '/api/v1/dossiers', await receptionForm({ files: [{ name: 'to-khai.pdf', bytes: await simplePdf() }] }));
  expect(res.status).toBe(201);
  return ((await res.json()) as { code: string }).code;
}

async function errorOf(res: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await res.json()) as { error: { code: string; message: string } };
  return { status: res.status, ...body.error };
}

/** Each action as the least a client may send: no optional note, no result text. */
const ACT: Record<Action, (code: string) => Promise<Response>> = {
  accept: (code) => h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'accept' }),
  request_supplement: (code) => h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'supplement', note: 'Thiếu giấy', missingItems: ['Giấy chứng sinh'] }),
  reject: (code) => h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'reject', note: 'Không đủ điều kiện' }),
  supplement: async (code) => h.post('reception', `/api/v1/dossiers/${code}/supplement`, new FormData()),
  approve: (code) => h.post('leader', `/api/v1/dossiers/${code}/approval`, { pin: TEST_PIN }),
  seal: (code) => h.post('clerk', `/api/v1/dossiers/${code}/seal`, { pin: TEST_PIN }),
  return: (code) => h.post('reception', `/api/v1/dossiers/${code}/return`, {}),
  withdraw: (code) => h.post('reception', `/api/v1/dossiers/${code}/withdraw`, { reason: 'Công dân rút' }),
};

/** Every path through the state machine from 'received' to a status with no way on, taking the supplement loop at most once. */
function allPaths(): Action[][] {
  const out: Action[][] = [];
  const walk = (status: string, path: Action[]) => {
    const next = (Object.keys(RULES) as Action[]).filter((a) => RULES[a].from.includes(status as never) && !(a === 'request_supplement' && path.includes(a)));
    if (!next.length) out.push(path);
    for (const a of next) walk(RULES[a].to, [...path, a]);
  };
  walk('received', []);
  return out;
}

describe('the process-control slip renders for every dossier the state machine can produce', () => {
  const paths = allPaths();
  it('walks enough paths to cover every action', () => {
    expect(new Set(paths.flat())).toEqual(new Set(Object.keys(RULES)));
  });
  it.each(paths.map((p) => [p.join(' → '), p] as const))('%s', async (_name, actions) => {
    const code = await receive();
    for (const action of actions) {
      const res = await ACT[action](code);
      expect(res.status, `${action}: ${await res.clone().text()}`).toBe(200);
      const slip = await h.get('reception', `/api/v1/dossiers/${code}/slips/process-control`);
      expect(slip.status, `after ${action}: ${await slip.clone().text()}`).toBe(200);
      expect(slip.headers.get('content-type')).toBe('application/pdf');
    }
  }, 60_000);
});

describe('accepting without note or result', () => {
  it("takes the result's title from the procedure", async () => {
    const code = await receive();
    expect((await ACT.accept(code)).status).toBe(200);
    const pdf = Buffer.from(await (await h.get('leader', `/api/v1/dossiers/${code}/result`)).arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const view = (await (await h.get('specialist', `/api/v1/dossiers/${code}`)).json()) as { history: { action: string; note: string | null }[] };
    expect(view.history.find((s) => s.action === 'accept')?.note).toBeNull(); // an empty note is no note
  });
  it('an empty note is treated like a missing one', async () => {
    const code = await receive();
    expect((await h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'accept', note: '  ' })).status).toBe(200);
    expect((await h.get('reception', `/api/v1/dossiers/${code}/slips/process-control`)).status).toBe(200);
  });
});

describe("the citizen's lookup and the result download agree", () => {
  it('resultReady stays true after the result was returned, while the download serves it', async () => {
    const code = await receive();
    for (const a of ['accept', 'approve', 'seal', 'return'] as const) expect((await ACT[a](code)).status).toBe(200);
    const lookup = (await (await h.get(null, `/api/v1/public/dossiers/${code}`)).json()) as { status: string; resultReady: boolean };
    const download = await h.get(null, `/api/v1/public/dossiers/${code}/result?k=${h.storage.accessKeys.keyFor(code)}&idLast4=2345`);
    expect(lookup.status).toBe('returned');
    expect(download.status).toBe(200);
    expect(lookup.resultReady).toBe(true);
  }, 60_000);
  it('a refusal handed back has no result, and both say so', async () => {
    const code = await receive();
    for (const a of ['reject', 'return'] as const) expect((await ACT[a](code)).status).toBe(200);
    const lookup = (await (await h.get(null, `/api/v1/public/dossiers/${code}`)).json()) as { resultReady: boolean };
    expect(lookup.resultReady).toBe(false);
    expect((await h.get(null, `/api/v1/public/dossiers/${code}/result?k=${h.storage.accessKeys.keyFor(code)}&idLast4=2345`)).status).toBe(409);
  });
});

describe.skipIf(!hasOpenssl)('GET /pki/ocsp/<base64>', () => {
  it("accepts the base64 request raw ('/' included) and URL-encoded", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'taicho-ocsp-get-'));
    const pem = (der: Uint8Array) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64')}\n-----END CERTIFICATE-----\n`;
    writeFileSync(path.join(dir, 'issuer.pem'), pem(h.pki!.certificate('issuing-ca')));
    writeFileSync(path.join(dir, 'leader.pem'), pem(h.pki!.certificate('leader:leader')));
    // The nonce is random: ask until the base64 form contains a '/'.
    let b64 = '';
    for (let i = 0; i < 200 && !b64.includes('/'); i++) {
      const r = runTool('openssl', ['ocsp', '-issuer', path.join(dir, 'issuer.pem'), '-cert', path.join(dir, 'leader.pem'), '-reqout', path.join(dir, 'req.der')]);
      expect(r.status, r.stderr).toBe(0);
      b64 = readFileSync(path.join(dir, 'req.der')).toString('base64');
    }
    expect(b64).toContain('/');
    for (const url of [`/pki/ocsp/${b64}`, `/pki/ocsp/${encodeURIComponent(b64)}`]) {
      const res = await h.app.request(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/ocsp-response');
      writeFileSync(path.join(dir, 'resp.der'), new Uint8Array(await res.arrayBuffer()));
      const check = runTool('openssl', ['ocsp', '-respin', path.join(dir, 'resp.der'), '-resp_text', '-noverify']);
      expect(check.stdout).toContain('Cert Status: good');
    }
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('errors a newcomer meets say what to do', () => {
  it('a wrong PIN is 403 wrong_pin, not the 401 that logs a client out', async () => {
    const code = await receive();
    expect((await ACT.accept(code)).status).toBe(200);
    const e = await errorOf(await h.post('leader', `/api/v1/dossiers/${code}/approval`, { pin: 'sai-pin' }));
    expect([e.status, e.code]).toEqual([403, 'wrong_pin']);
    expect((await h.get('leader', `/api/v1/dossiers/${code}`)).status).toBe(200); // still logged in
  });
  it('a one-letter applicant name asks for the full name', async () => {
    const e = await errorOf(await h.post('reception', '/api/v1/dossiers', await receptionForm({ applicantName: 'A' })));
    expect(e.status).toBe(400);
    expect(e.message).toMatch(/applicantName must be the full name/);
  });
  it('malformed JSON says the body is not JSON', async () => {
    const res = await h.app.request('/api/v1/dossiers/X/appraisal', { method: 'POST', headers: { authorization: `Bearer ${await h.token('specialist')}`, 'content-type': 'application/json' }, body: '{"decision": accept}' });
    const e = await errorOf(res);
    expect([e.status, e.code]).toEqual([400, 'invalid_json']);
    expect(e.message).toMatch(/not valid JSON/);
  });
  it('a form-encoded login says the body must be JSON', async () => {
    const res = await h.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=reception&password=x' });
    const e = await errorOf(res);
    expect([e.status, e.code]).toEqual([400, 'not_json']);
    expect(e.message).toMatch(/must be JSON/);
  });
  it('an unknown slip kind names the path parameter and the kinds', async () => {
    const code = await receive();
    const e = await errorOf(await h.get('reception', `/api/v1/dossiers/${code}/slips/giay-hen`));
    expect([e.status, e.code]).toEqual([400, 'unknown_slip_kind']);
    expect(e.message).toMatch(/^kind \(in the path\): no slip 'giay-hen'.*process-control/);
    expect(e.message).not.toMatch(/body/);
  });
  it('a bad calendar year names the year, not the body', async () => {
    const e = await errorOf(await h.get('reception', '/api/v1/calendar/abc'));
    expect(e.status).toBe(400);
    expect(e.message).toMatch(/^year:/);
  });
  it('a signature image for an unknown user is 404', async () => {
    const res = await h.app.request('/api/v1/users/nobody/signature-image', { method: 'PUT', headers: { authorization: `Bearer ${await h.token('admin')}`, 'content-type': 'image/png' }, body: new Uint8Array([1, 2, 3]) });
    expect((await errorOf(res)).status).toBe(404);
  });
  it('?status=bogus is a 400 listing the statuses, not an empty list', async () => {
    const e = await errorOf(await h.get('reception', '/api/v1/dossiers?status=bogus'));
    expect(e.status).toBe(400);
    expect(e.message).toMatch(/status must be one of received, .*withdrawn, not 'bogus'/);
    expect((await h.get('reception', '/api/v1/dossiers?status=received')).status).toBe(200);
  });
});

describe('GET /stats?from=&to=', () => {
  it('accepts the epoch milliseconds its own answer uses, and the same window as dates', async () => {
    await receive();
    const first = (await (await h.get('leader', '/api/v1/stats')).json()) as { from: number; to: number; total: { received: { total: number } } };
    const again = await h.get('leader', `/api/v1/stats?from=${first.from}&to=${first.to}`);
    expect(again.status).toBe(200);
    const body = (await again.json()) as typeof first;
    expect([body.from, body.to]).toEqual([first.from, first.to]);
    expect(body.total.received.total).toBe(first.total.received.total);
    expect((await h.get('leader', '/api/v1/stats?from=2026-11-01&to=2026-11-30')).status).toBe(200);
    const bad = await errorOf(await h.get('leader', '/api/v1/stats?from=yesterday'));
    expect(bad.status).toBe(400);
    expect(bad.message).toMatch(/epoch milliseconds/);
  });
});
