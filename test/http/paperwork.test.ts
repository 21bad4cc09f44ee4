import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromLocal } from '../../src/shared/time';
import { receptionForm } from '../support/fixtures';
import { makeHarness, testClock, type Harness } from '../support/harness';
import { needTools, runTool } from '../support/tools';

/**
 * Slips and the result document through the API. The HTTP part (status, content type, which
 * slip exists when) runs everywhere; what the PDFs say is read back with pdftotext and checked
 * in tests of their own, which skip visibly without it (and fail in CI).
 */
const pdftotext = needTools('pdftotext');
const scratch = mkdtempSync(path.join(tmpdir(), 'taicho-paper-'));

let h: Harness;
let clock: ReturnType<typeof testClock>;
beforeAll(async () => {
  clock = testClock();
  h = await makeHarness({ clock });
});
afterAll(() => h.close());

/** Every PDF the API gave, by name, for the text and qpdf checks below. */
const pdfs = new Map<string, string>();

async function keep(name: string, res: Response): Promise<void> {
  expect(res.status, await res.clone().text().catch(() => '')).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  const file = path.join(scratch, `${name}.pdf`);
  writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
  pdfs.set(name, file);
}

const flatText = (name: string) => runTool('pdftotext', ['-layout', pdfs.get(name)!, '-']).stdout.normalize('NFC').replace(/\s+/g, ' ');

async function receive(procedureCode = '2.000575'): Promise<string> {
  const form = await receptionForm({ procedureCode, documents: [{ name: 'Giấy đề nghị đăng ký hộ kinh doanh', kind: 'original' }] });
  return ((await (await h.post('reception', '/api/v1/dossiers', form)).json()) as { code: string }).code;
}

let receiptCode: string;
let resultCode: string;

describe('appointment slip and notices (real, extractable Vietnamese text)', () => {
  it('the appointment slip is a PDF', async () => {
    receiptCode = await receive();
    await keep('receipt', await h.get('reception', `/api/v1/dossiers/${receiptCode}/receipt`));
  });

  it('supplement request, refusal, apology, stop notice and process-control slip, each when it applies', async () => {
    const code = await receive();
    expect((await h.get('reception', `/api/v1/dossiers/${code}/slips/supplement-request`)).status).toBe(409);
    await h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'supplement', note: 'Hồ sơ chưa đủ thành phần', missingItems: ['Bản sao CCCD có chứng thực của chủ hộ'] });
    await keep('supplement-request', await h.get('reception', `/api/v1/dossiers/${code}/slips/supplement-request`));

    const code2 = await receive();
    await h.post('specialist', `/api/v1/dossiers/${code2}/appraisal`, { decision: 'reject', note: 'Ngành nghề kinh doanh bị cấm' });
    await keep('refusal', await h.get('specialist', `/api/v1/dossiers/${code2}/slips/refusal`));

    const code3 = await receive();
    clock.set(fromLocal(2026, 11, 27, 10, 0));
    await h.post('leader', `/api/v1/dossiers/${code3}/apology`, { reason: 'Cần lấy ý kiến phòng Tài chính - Kế hoạch', newAppointmentAt: fromLocal(2026, 12, 3, 9, 0) });
    await keep('apology', await h.get('reception', `/api/v1/dossiers/${code3}/slips/apology`));

    await h.post('reception', `/api/v1/dossiers/${code3}/withdraw`, { reason: 'Công dân xin rút hồ sơ để bổ sung sau' });
    await keep('stop-notice', await h.get('reception', `/api/v1/dossiers/${code3}/slips/stop-notice`));
    await keep('process-control', await h.get('auditor', `/api/v1/dossiers/${code3}/slips/process-control`));
    expect((await h.get('reception', `/api/v1/dossiers/${code}/slips/bogus`)).status).toBe(400);
  });

  pdftotext.it('the appointment slip names the dossier, the citizen, the documents, the dates and the lookup URL', () => {
    const text = flatText('receipt');
    expect(text.toLowerCase()).toContain('giấy tiếp nhận hồ sơ và hẹn trả kết quả');
    for (const s of [receiptCode, 'Nguyễn Thị Ánh Tuyết', '001085012345', 'Giấy đề nghị đăng ký hộ kinh doanh', 'Đăng ký thành lập hộ kinh doanh', `https://dichvucong.example.vn/lookup/${receiptCode}`]) {
      expect(text).toContain(s);
    }
    expect(text).toMatch(/26 tháng 11 năm 2026/); // due Thu 26/11 09:00
  });

  for (const [name, words] of [
    ['supplement-request', 'Bản sao CCCD có chứng thực của chủ hộ'],
    ['refusal', 'Ngành nghề kinh doanh bị cấm'],
    ['apology', 'Cần lấy ý kiến phòng Tài chính - Kế hoạch'],
    ['stop-notice', 'Công dân xin rút hồ sơ để bổ sung sau'],
  ]) {
    pdftotext.it(`the ${name} prints the staff member's words: "${words}"`, () => {
      expect(flatText(name)).toContain(words);
    });
  }

  pdftotext.it('the process-control slip tabulates the hand-offs', () => {
    // Table cells wrap, so check words rather than whole names.
    const flat = flatText('process-control');
    for (const s of ['PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ', 'Tiếp nhận hồ sơ', 'Xin lỗi', 'Rút hồ sơ', 'Hùng', 'Trần Thị Thu']) expect(flat).toContain(s);
  });
});

describe('accepting a dossier produces the result document', () => {
  it('from the procedure template and the specialist’s text', async () => {
    clock.set(fromLocal(2026, 11, 30, 9, 0));
    resultCode = await receive();
    expect((await h.get('specialist', `/api/v1/dossiers/${resultCode}/result`)).status).toBe(404);
    const res = await h.post('specialist', `/api/v1/dossiers/${resultCode}/appraisal`, {
      decision: 'accept',
      note: 'Hồ sơ hợp lệ',
      result: { title: 'GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH', body: 'Tên hộ kinh doanh: Tạp hóa Ánh Tuyết.\n\nĐịa điểm kinh doanh: số 5 ngõ Hàng Bột, Hà Nội.' },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string; hasResult: boolean })).toMatchObject({ status: 'appraised', hasResult: true });
    await keep('result', await h.get('leader', `/api/v1/dossiers/${resultCode}/result`));
    // This harness runs without a PKI: approval says what is missing instead of pretending.
    const approval = await h.post('leader', `/api/v1/dossiers/${resultCode}/approval`, { pin: '123456' });
    expect(approval.status).toBe(503);
    expect(((await approval.json()) as { error: { code: string } }).error.code).toBe('pki_unavailable');
  });

  pdftotext.it('the result document prints the title, the body, the signer and the code', () => {
    const flat = flatText('result');
    for (const s of ['GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH', 'Tạp hóa Ánh Tuyết', 'Nguyễn Văn Hùng', resultCode]) expect(flat).toContain(s);
  });
});

needTools('qpdf').it('qpdf --check passes on every slip and the result document', () => {
  expect([...pdfs.keys()].sort()).toEqual(['apology', 'process-control', 'receipt', 'refusal', 'result', 'stop-notice', 'supplement-request']);
  for (const [name, file] of pdfs) expect(runTool('qpdf', ['--check', file]).status, name).toBe(0);
});
