import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PIN } from '../../src/pki';
import { receptionForm, simplePdf } from '../support/fixtures';
import { makeHarness, type Harness } from '../support/harness';
import { needTools, runTool } from '../support/tools';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** What the case-work screens need from the API: a result preview, batch signing, a document's text. */
const RESULT = { title: 'GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH', body: 'Tên hộ kinh doanh: Tạp hóa Ánh Tuyết.' };

let h: Harness;
beforeAll(async () => {
  h = await makeHarness({ pki: true });
});
afterAll(() => h.close());

async function received(): Promise<string> {
  const form = await receptionForm({ procedureCode: '2.000575', files: [{ name: 'de-nghi.pdf', bytes: await simplePdf() }] });
  const res = await h.post('reception', '/api/v1/dossiers', form);
  expect(res.status).toBe(201);
  return ((await res.json()) as { code: string }).code;
}

async function appraised(): Promise<string> {
  const code = await received();
  const res = await h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'accept', note: 'Đủ điều kiện', result: RESULT });
  expect(res.status).toBe(200);
  return code;
}

const statusOf = async (code: string) => ((await (await h.get('auditor', `/api/v1/dossiers/${code}`)).json()) as { status: string }).status;
const auditActions = async (code: string) =>
  ((await (await h.get('auditor', `/api/v1/dossiers/${code}/audit`)).json()) as { entries: { action: string }[] }).entries.map((e) => e.action);

describe('result preview (xem trước kết quả)', () => {
  let previewed = { code: '', pdf: new Uint8Array() };

  it('is the PDF accepting would make, with the typed title and body, and changes nothing', async () => {
    const code = await received();
    const before = await auditActions(code);
    const res = await h.post('specialist', `/api/v1/dossiers/${code}/appraisal/preview`, { result: RESULT });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = new Uint8Array(await res.arrayBuffer());
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    previewed = { code, pdf };
    expect(await statusOf(code)).toBe('received');
    expect(await auditActions(code)).toEqual(before);
  });

  needTools('pdftotext').it('carries the typed body and the dossier code (pdftotext)', () => {
    expect(previewed.code).not.toBe('');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'taicho-preview-')), 'p.pdf');
    writeFileSync(file, previewed.pdf);
    const text = runTool('pdftotext', ['-layout', file, '-']).stdout.normalize('NFC');
    expect(text).toContain('Tạp hóa Ánh Tuyết');
    expect(text).toContain(previewed.code.slice(-4));
  });

  it('is refused with the state machine’s reasons: another role 403, a decided dossier 409, an empty title 400', async () => {
    const code = await appraised();
    expect((await h.post('leader', `/api/v1/dossiers/${code}/appraisal/preview`, { result: RESULT })).status).toBe(403);
    const late = await h.post('specialist', `/api/v1/dossiers/${code}/appraisal/preview`, { result: RESULT });
    expect(late.status).toBe(409);
    expect(((await late.json()) as { error: { code: string } }).error.code).toBe('illegal_transition');
    const empty = await h.post('specialist', `/api/v1/dossiers/${await received()}/appraisal/preview`, { result: { title: '  ', body: 'x' } });
    expect(empty.status).toBe(400);
  });
});

describe('batch signing (ký số hàng loạt) with one PIN', () => {
  it('signs each dossier through the state machine and reports the outcome per dossier', async () => {
    const a = await appraised();
    const b = await appraised();
    const notReady = await received(); // not appraised: fails alone, the others are signed
    const res = await h.post('leader', '/api/v1/approval/batch', { codes: [a, notReady, b], pin: TEST_PIN });
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as { signed: number; failed: number; results: { code: string; outcome: string; error?: { code: string } }[] };
    expect(body.signed).toBe(2);
    expect(body.failed).toBe(1);
    expect(body.results.map((r) => [r.code, r.outcome, r.error?.code])).toEqual([
      [a, 'signed', undefined],
      [notReady, 'failed', 'illegal_transition'],
      [b, 'signed', undefined],
    ]);
    for (const code of [a, b]) {
      expect(await statusOf(code)).toBe('approved');
      expect(await auditActions(code)).toEqual(expect.arrayContaining(['signature.applied', 'dossier.transition']));
    }
    expect(await statusOf(notReady)).toBe('received');

    const seal = await h.post('clerk', '/api/v1/seal/batch', { codes: [a, b], pin: TEST_PIN });
    expect(seal.status, await seal.clone().text()).toBe(200);
    expect(((await seal.json()) as { signed: number }).signed).toBe(2);
    expect(await statusOf(a)).toBe('sealed');
    expect(await statusOf(b)).toBe('sealed');
  });

  it('a wrong PIN refuses the whole batch once (one failure counted, not one per dossier) and signs nothing', async () => {
    const a = await appraised();
    const b = await appraised();
    // leader3: a leader of its own, so the lock below does not touch the other tests' leader.
    const res = await h.post('leader3', '/api/v1/approval/batch', { codes: [a, b], pin: 'sai-pin' });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('wrong_pin');
    expect(await statusOf(a)).toBe('appraised');
    expect(await statusOf(b)).toBe('appraised');
    // Four more wrong PINs lock the key (5 in all): had the batch counted one per dossier, it would lock after three.
    for (let i = 0; i < 3; i++) expect((await h.post('leader3', '/api/v1/approval/batch', { codes: [a, b], pin: 'sai-pin' })).status).toBe(403);
    const fifth = await h.post('leader3', '/api/v1/approval/batch', { codes: [a, b], pin: 'sai-pin' });
    expect(fifth.status).toBe(403);
    const locked = await h.post('leader3', '/api/v1/approval/batch', { codes: [a, b], pin: TEST_PIN });
    expect(locked.status).toBe(429);
    const err = ((await locked.json()) as { error: { code: string; details: { retryAt: string } } }).error;
    expect(err.code).toBe('pin_locked');
    expect(Date.parse(err.details.retryAt)).toBeGreaterThan(Date.now());
  });

  it('needs the right role and at least one code', async () => {
    expect((await h.post('clerk', '/api/v1/approval/batch', { codes: ['x'], pin: TEST_PIN })).status).toBe(403);
    expect((await h.post('leader', '/api/v1/approval/batch', { codes: [], pin: TEST_PIN })).status).toBe(400);
    expect((await h.post('leader', '/api/v1/approval/batch', { codes: ['x'] })).status).toBe(400);
  });
});

describe('recognised text of a document', () => {
  it('is returned page by page (empty while not digitised), to staff handling dossiers only', async () => {
    const code = await received();
    const view = (await (await h.get('specialist', `/api/v1/dossiers/${code}`)).json()) as { documents: { id: string }[] };
    const id = view.documents[0]!.id;
    const res = await h.get('specialist', `/api/v1/dossiers/${code}/documents/${id}/text`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id, status: 'queued', pages: [] });
    expect((await h.get('auditor', `/api/v1/dossiers/${code}/documents/${id}/text`)).status).toBe(403);
    expect((await h.get('specialist', `/api/v1/dossiers/${code}/documents/nope/text`)).status).toBe(404);
  });
});
