import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PIN } from '../../src/pki';
import { receptionForm, simplePdf } from '../support/fixtures';
import { makeHarness, type Harness } from '../support/harness';
import { pdfsigVerdicts } from '../../src/verify/node/testing/oracle';
import { tamperPageSize } from '../support/tamper';
import { needTools, runTool } from '../support/tools';

const pdfsigTool = needTools('pdfsig');
const scratch = mkdtempSync(path.join(tmpdir(), 'taicho-sign-'));

let h: Harness;
beforeAll(async () => {
  h = await makeHarness({ pki: true });
});
afterAll(() => h.close());

async function appraised(): Promise<string> {
  const form = await receptionForm({ procedureCode: '2.000575', files: [{ name: 'de-nghi.pdf', bytes: await simplePdf() }] });
  const { code } = (await (await h.post('reception', '/api/v1/dossiers', form)).json()) as { code: string };
  const res = await h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, {
    decision: 'accept',
    note: 'Đủ điều kiện',
    result: { title: 'GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH', body: 'Tên hộ kinh doanh: Tạp hóa Ánh Tuyết.' },
  });
  expect(res.status).toBe(200);
  return code;
}

async function save(res: Response, name: string): Promise<string> {
  expect(res.status).toBe(200);
  const file = path.join(scratch, name);
  writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
  return file;
}

function pdfsig(file: string) {
  return runTool('pdfsig', [file]).stdout;
}

describe('approval and seal: two PAdES signatures that stay valid together', () => {
  let code: string;
  beforeAll(async () => {
    code = await appraised();
  });

  it('the leader signs with their own certificate, then the clerk seals on top', async () => {
    const approval = await h.post('leader', `/api/v1/dossiers/${code}/approval`, { pin: TEST_PIN });
    expect(approval.status, await approval.clone().text()).toBe(200);
    expect(((await approval.json()) as { status: string }).status).toBe('approved');
    // Approved but not sealed: not issued yet, so the citizen cannot download it.
    const early = await h.get(null, `/api/v1/public/dossiers/${code}/result?k=${h.storage.accessKeys.keyFor(code)}&idLast4=2345`);
    expect(early.status).toBe(409);
    expect(((await early.json()) as { error: { code: string } }).error.code).toBe('result_not_ready');
    const seal = await h.post('clerk', `/api/v1/dossiers/${code}/seal`, { pin: TEST_PIN });
    expect(seal.status, await seal.clone().text()).toBe(200);
    await save(await h.get('leader', `/api/v1/dossiers/${code}/result`), 'sealed.pdf');
  });

  pdfsigTool.it('pdfsig: both signatures valid, neither total; the archive time-stamp after them covers the whole file', () => {
    const out = pdfsig(path.join(scratch, 'sealed.pdf'));
    expect(out.match(/Signature is Valid/g)).toHaveLength(2);
    const [first, second, third] = out.split(/Signature #[23]/);
    expect(first).toMatch(/Not total document signed/);
    expect(second).toMatch(/Field Name: seal[\s\S]*Not total document signed/);
    expect(third).toMatch(/Field Name: ArchiveTimestamp1[\s\S]*- Total document signed/);
  });

  needTools('qpdf').it('qpdf --check passes', () => {
    expect(runTool('qpdf', ['--check', path.join(scratch, 'sealed.pdf')]).status).toBe(0);
  });

  it('our verifier agrees: both valid, trusted, unmodified, leader before seal, both B-LTA under the archive time-stamp', async () => {
    const res = await h.get('auditor', `/api/v1/dossiers/${code}/result/verification`);
    const report = (await res.json()) as { valid: boolean; signatures: { chain: string; modifiedAfter: boolean; fieldName: string; level: string; kind: string }[] };
    expect(report.signatures.map((s) => [s.fieldName, s.kind, s.level])).toEqual([['leader', 'signature', 'B-LTA'], ['seal', 'signature', 'B-LTA'], ['ArchiveTimestamp1', 'document-timestamp', null]]);
    expect(report.signatures.every((s) => s.chain === 'trusted' && !s.modifiedAfter)).toBe(true);
    expect(report.valid).toBe(true);
  });

  async function verifyUpload(bytes: Uint8Array) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), 'upload.pdf');
    const res = await h.post('auditor', '/api/v1/verify', form);
    expect(res.status).toBe(200);
    return (await res.json()) as { valid: boolean; signatures: { integrity: string; chain: string; fieldName: string; modifiedAfter: boolean }[] };
  }

  it('POST /api/v1/verify with the sealed file: valid; with a digit of its page size changed: digest mismatch for both', async () => {
    const sealed = new Uint8Array(readFileSync(path.join(scratch, 'sealed.pdf')));
    const good = await verifyUpload(sealed);
    expect(good.signatures.map((s) => [s.fieldName, s.integrity, s.chain, s.modifiedAfter])).toEqual([
      ['leader', 'intact', 'trusted', false],
      ['seal', 'intact', 'trusted', false],
      ['ArchiveTimestamp1', 'intact', 'trusted', false],
    ]);
    expect(good.valid).toBe(true);
    const bad = await verifyUpload(tamperPageSize(sealed));
    expect(bad.signatures.map((s) => s.integrity)).toEqual(['digest-mismatch', 'digest-mismatch', 'digest-mismatch']);
    expect(bad.valid).toBe(false);
  });

  pdfsigTool.it('pdfsig agrees on the tampered copy: digest mismatch for both signatures (it does not check document time-stamps)', () => {
    const oracle = pdfsigVerdicts(tamperPageSize(new Uint8Array(readFileSync(path.join(scratch, 'sealed.pdf')))));
    expect(oracle.results.slice(0, 2), oracle.raw).toEqual(['digest-mismatch', 'digest-mismatch']);
  });

  it('the signing is in the audit trail with the certificate fingerprint; returns and statistics follow', async () => {
    const audit = (await (await h.get('auditor', `/api/v1/dossiers/${code}/audit`)).json()) as { chainValid: boolean; entries: { action: string; detail: { certFingerprint?: string } }[] };
    const signed = audit.entries.filter((e) => e.action === 'signature.applied');
    expect(signed).toHaveLength(2);
    expect(signed.every((e) => /^[0-9a-f]{64}$/.test(e.detail.certFingerprint ?? ''))).toBe(true);
    expect(audit.chainValid).toBe(true);
    // The citizen downloads the sealed result with the slip's access key and the last 4 digits of the CCCD.
    const k = h.storage.accessKeys.keyFor(code);
    expect((await h.get(null, `/api/v1/public/dossiers/${code}/result?k=${k}&idLast4=0000`)).status).toBe(403);
    const pub = await h.get(null, `/api/v1/public/dossiers/${code}/result?k=${k}&idLast4=2345`);
    expect(pub.status).toBe(200);
    expect(pub.headers.get('content-type')).toBe('application/pdf');
    // The very bytes that were sealed, not a re-rendering.
    expect(Buffer.from(await pub.arrayBuffer()).equals(readFileSync(path.join(scratch, 'sealed.pdf')))).toBe(true);
    expect((await h.post('reception', `/api/v1/dossiers/${code}/return`, { rating: 5 })).status).toBe(200);
    const stats = (await (await h.get('leader', '/api/v1/stats')).json()) as { total: { signedElectronicallyShare: number } };
    expect(stats.total.signedElectronicallyShare).toBe(1);
  });
});

describe('key custody', () => {
  it('a wrong PIN is refused clearly and repeated failures are throttled', async () => {
    const code = await appraised();
    // leader3 has a certificate of their own; locking them out leaves the other tests' leader alone.
    const wrong = await h.post('leader3', `/api/v1/dossiers/${code}/approval`, { pin: '000000' });
    expect(wrong.status).toBe(403); // logged in, the PIN is wrong: not the 401 that logs a client out
    expect(JSON.stringify(await wrong.json())).not.toContain('000000');
    for (let i = 0; i < 5; i++) await h.post('leader3', `/api/v1/dossiers/${code}/approval`, { pin: '000000' });
    const locked = await h.post('leader3', `/api/v1/dossiers/${code}/approval`, { pin: TEST_PIN });
    expect(locked.status).toBe(429);
    expect((await h.get('leader', `/api/v1/dossiers/${code}`)).ok).toBe(true);
  });

  it.each([
    ['revoked-leader', 422, /revoked/],
    ['expired-leader', 422, /expired/],
    ['leader2', 409, /no signing certificate/],
  ])('%s cannot sign', async (username, status, message) => {
    const code = await appraised();
    const res = await h.post(username, `/api/v1/dossiers/${code}/approval`, { pin: TEST_PIN });
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    expect(((await (await h.get('leader2', `/api/v1/dossiers/${code}`)).json()) as { status: string }).status).toBe('appraised');
  });
});

describe('signing with the key outside the server (two steps)', () => {
  function keyPem(p12: string): string {
    return execFileSync('openssl', ['pkcs12', '-in', p12, '-nocerts', '-nodes', '-passin', `pass:${TEST_PIN}`], { encoding: 'utf8' });
  }
  function opensslSign(digestB64: string, key: string): string {
    const keyFile = path.join(scratch, `k${Math.random()}.pem`);
    writeFileSync(keyFile, key, { mode: 0o600 });
    const digestFile = path.join(scratch, 'digest.bin');
    writeFileSync(digestFile, Buffer.from(digestB64, 'base64'));
    return execFileSync('openssl', ['pkeyutl', '-sign', '-inkey', keyFile, '-in', digestFile]).toString('base64');
  }

  needTools('openssl').it('prepare → openssl signs the digest → complete gives the same valid result', async () => {
    const code = await appraised();
    const prep = (await (await h.post('leader', `/api/v1/dossiers/${code}/approval/prepare`)).json()) as { sessionId: string; digest: string; certificate: string };
    expect(Buffer.from(prep.digest, 'base64')).toHaveLength(32);
    const leaderKey = keyPem(h.pki!.credentialPath('leader', 'leader'));

    // A value from another key (the seal's) is refused, and nothing changes.
    const other = opensslSign(prep.digest, keyPem(h.pki!.credentialPath('seal')));
    const refused = await h.post('leader', `/api/v1/dossiers/${code}/approval/complete`, { sessionId: prep.sessionId, signature: other });
    expect(refused.status).toBe(422);
    // Someone else cannot complete the leader's session.
    expect((await h.post('leader2', `/api/v1/dossiers/${code}/approval/complete`, { sessionId: prep.sessionId, signature: other })).status).toBe(403);

    const done = await h.post('leader', `/api/v1/dossiers/${code}/approval/complete`, { sessionId: prep.sessionId, signature: opensslSign(prep.digest, leaderKey) });
    expect(done.status, await done.clone().text()).toBe(200);
    expect((await h.post('clerk', `/api/v1/dossiers/${code}/seal`, { pin: TEST_PIN })).status).toBe(200);
    await save(await h.get('leader', `/api/v1/dossiers/${code}/result`), 'external.pdf');
    const report = (await (await h.get('auditor', `/api/v1/dossiers/${code}/result/verification`)).json()) as { valid: boolean };
    expect(report.valid).toBe(true);
  });

  needTools('openssl').it('seal/prepare → openssl signs with the organisation key → seal/complete: sealed, both signatures valid', async () => {
    const code = await appraised();
    expect((await h.post('leader', `/api/v1/dossiers/${code}/approval`, { pin: TEST_PIN })).status).toBe(200);
    const prepared = await h.post('clerk', `/api/v1/dossiers/${code}/seal/prepare`);
    expect(prepared.status, await prepared.clone().text()).toBe(200);
    const prep = (await prepared.json()) as { sessionId: string; digest: string; digestAlgorithm: string };
    expect(prep.digestAlgorithm).toBe('SHA-256');
    expect(Buffer.from(prep.digest, 'base64')).toHaveLength(32);
    // The leader's key is not the organisation's: refused, and the dossier stays approved.
    const wrongKey = opensslSign(prep.digest, keyPem(h.pki!.credentialPath('leader', 'leader')));
    const refused = await h.post('clerk', `/api/v1/dossiers/${code}/seal/complete`, { sessionId: prep.sessionId, signature: wrongKey });
    expect(refused.status).toBe(422);
    expect(((await (await h.get('clerk', `/api/v1/dossiers/${code}`)).json()) as { status: string }).status).toBe('approved');
    const signature = opensslSign(prep.digest, keyPem(h.pki!.credentialPath('seal')));
    const done = await h.post('clerk', `/api/v1/dossiers/${code}/seal/complete`, { sessionId: prep.sessionId, signature });
    expect(done.status, await done.clone().text()).toBe(200);
    expect(((await done.json()) as { status: string }).status).toBe('sealed');
    const report = (await (await h.get('auditor', `/api/v1/dossiers/${code}/result/verification`)).json()) as { valid: boolean; signatures: { fieldName: string }[] };
    expect(report.signatures.map((s) => s.fieldName)).toEqual(['leader', 'seal', 'ArchiveTimestamp1']);
    expect(report.valid).toBe(true);
    // Completing again: the dossier is sealed already.
    expect((await h.post('clerk', `/api/v1/dossiers/${code}/seal/complete`, { sessionId: prep.sessionId, signature })).status).toBe(409);
  });

  pdfsigTool.it('pdfsig: the externally signed result and the seal are both valid', () => {
    expect(pdfsig(path.join(scratch, 'external.pdf')).match(/Signature is Valid/g)).toHaveLength(2);
  });
});

describe('certified electronic copy', () => {
  it('an upload never digitised (this instance only queues) is not signed: 409 not_digitised', async () => {
    const form = await receptionForm({ files: [{ name: 'giay-khai-sinh.pdf', bytes: await simplePdf() }] });
    const { code, documents } = (await (await h.post('reception', '/api/v1/dossiers', form)).json()) as { code: string; documents: { id: string; status: string }[] };
    expect(documents[0].status).toBe('queued');
    const res = await h.post('reception', `/api/v1/dossiers/${code}/documents/${documents[0].id}/certify`, { pin: TEST_PIN });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_digitised');
    expect((await h.get('reception', `/api/v1/dossiers/${code}/documents/${documents[0].id}/certified`)).status).toBe(404);
  });

});

describe('signature and seal images are configurable', () => {
  it('an admin uploads a transparent PNG seal; JPEGs and opaque images are refused', async () => {
    const sharp = (await import('sharp')).default;
    const png = await sharp({ create: { width: 120, height: 120, channels: 4, background: { r: 200, g: 0, b: 0, alpha: 0.5 } } }).png().toBuffer();
    const jpeg = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#c00' } }).jpeg().toBuffer();
    const put = (as: string, url: string, body: Uint8Array) => h.app.request(url, { method: 'PUT', headers: { authorization: `Bearer ${tokens[as]}` }, body });
    const tokens = { admin: await h.token('admin'), clerk: await h.token('clerk') } as Record<string, string>;
    expect((await put('clerk', '/api/v1/agency/seal-image', png)).status).toBe(403);
    expect((await put('admin', '/api/v1/agency/seal-image', jpeg)).status).toBe(400);
    const ok = await put('admin', '/api/v1/agency/seal-image', png);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ kind: 'seal', width: 120, height: 120 });
    expect((await put('admin', '/api/v1/users/nobody/signature-image', png)).status).toBe(404); // an unknown user is not found (issue 14), not bad input
    expect((await put('admin', '/api/v1/users/leader/signature-image', png)).status).toBe(200);
    // The next approval and seal use them and still verify.
    const code = await appraised();
    expect((await h.post('leader', `/api/v1/dossiers/${code}/approval`, { pin: TEST_PIN })).status).toBe(200);
    expect((await h.post('clerk', `/api/v1/dossiers/${code}/seal`, { pin: TEST_PIN })).status).toBe(200);
    expect(((await (await h.get('auditor', `/api/v1/dossiers/${code}/result/verification`)).json()) as { valid: boolean }).valid).toBe(true);
  });
});
