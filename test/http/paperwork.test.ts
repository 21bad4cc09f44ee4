import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromLocal } from '../../src/shared/time';
import { receptionForm } from '../support/fixtures';
import { makeHarness, testClock, type Harness } from '../support/harness';
import { haveTool, runTool } from '../support/tools';

const hasPdftotext = haveTool('pdftotext');
const hasQpdf = haveTool('qpdf');
const scratch = mkdtempSync(path.join(tmpdir(), 'taicho-paper-'));

let h: Harness;
let clock: ReturnType<typeof testClock>;
beforeAll(async () => {
  clock = testClock();
  h = await makeHarness({ clock });
});
afterAll(() => h.close());

async function pdfText(res: Response): Promise<string> {
  expect(res.status, await res.clone().text().catch(() => '')).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  const file = path.join(scratch, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
  if (hasQpdf) expect(runTool('qpdf', ['--check', file]).status).toBe(0);
  return hasPdftotext ? runTool('pdftotext', ['-layout', file, '-']).stdout.normalize('NFC') : '';
}

async function receive(procedureCode = '2.000575'): Promise<string> {
  const form = await receptionForm({ procedureCode, documents: [{ name: 'Giấy đề nghị đăng ký hộ kinh doanh', kind: 'original' }] });
  return ((await (await h.post('reception', '/api/v1/dossiers', form)).json()) as { code: string }).code;
}

describe('appointment slip and notices (real, extractable Vietnamese text)', () => {
  it('the appointment slip names the dossier, the citizen, the documents, the dates and the lookup URL', async () => {
    const code = await receive();
    const text = await pdfText(await h.get('reception', `/api/v1/dossiers/${code}/receipt`));
    if (!hasPdftotext) return;
    expect(text.toLowerCase()).toContain('giấy tiếp nhận hồ sơ và hẹn trả kết quả');
    for (const s of [code, 'Nguyễn Thị Ánh Tuyết', '001085012345', 'Giấy đề nghị đăng ký hộ kinh doanh', 'Đăng ký thành lập hộ kinh doanh', `https://dichvucong.example.vn/lookup/${code}`]) {
      expect(text.replace(/\s+/g, ' ')).toContain(s);
    }
    expect(text).toMatch(/26 tháng 11 năm 2026/); // due Thu 26/11 09:00
  });

  it('supplement request, refusal, apology, stop notice and process-control slip, each when it applies', async () => {
    const code = await receive();
    expect((await h.get('reception', `/api/v1/dossiers/${code}/slips/supplement-request`)).status).toBe(409);
    await h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'supplement', note: 'Hồ sơ chưa đủ thành phần', missingItems: ['Bản sao CCCD có chứng thực của chủ hộ'] });
    const sup = await pdfText(await h.get('reception', `/api/v1/dossiers/${code}/slips/supplement-request`));
    if (hasPdftotext) expect(sup.replace(/\s+/g, ' ')).toContain('Bản sao CCCD có chứng thực của chủ hộ');

    const code2 = await receive();
    await h.post('specialist', `/api/v1/dossiers/${code2}/appraisal`, { decision: 'reject', note: 'Ngành nghề kinh doanh bị cấm' });
    const refusal = await pdfText(await h.get('specialist', `/api/v1/dossiers/${code2}/slips/refusal`));
    if (hasPdftotext) expect(refusal.replace(/\s+/g, ' ')).toContain('Ngành nghề kinh doanh bị cấm');

    const code3 = await receive();
    clock.set(fromLocal(2026, 11, 27, 10, 0));
    await h.post('leader', `/api/v1/dossiers/${code3}/apology`, { reason: 'Cần lấy ý kiến phòng Tài chính - Kế hoạch', newAppointmentAt: fromLocal(2026, 12, 3, 9, 0) });
    const apology = await pdfText(await h.get('reception', `/api/v1/dossiers/${code3}/slips/apology`));
    if (hasPdftotext) expect(apology.replace(/\s+/g, ' ')).toContain('Cần lấy ý kiến phòng Tài chính - Kế hoạch');

    await h.post('reception', `/api/v1/dossiers/${code3}/withdraw`, { reason: 'Công dân xin rút hồ sơ để bổ sung sau' });
    const stop = await pdfText(await h.get('reception', `/api/v1/dossiers/${code3}/slips/stop-notice`));
    if (hasPdftotext) expect(stop.replace(/\s+/g, ' ')).toContain('Công dân xin rút hồ sơ để bổ sung sau');

    const control = await pdfText(await h.get('auditor', `/api/v1/dossiers/${code3}/slips/process-control`));
    if (hasPdftotext) {
      // Table cells wrap, so check words rather than whole names.
      const flat = control.replace(/\s+/g, ' ');
      for (const s of ['PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ', 'Tiếp nhận hồ sơ', 'Xin lỗi', 'Rút hồ sơ', 'Hùng', 'Trần Thị Thu']) expect(flat).toContain(s);
    }
    expect((await h.get('reception', `/api/v1/dossiers/${code}/slips/bogus`)).status).toBe(400);
  });
});

describe('accepting a dossier produces the result document', () => {
  it('from the procedure template and the specialist’s text', async () => {
    clock.set(fromLocal(2026, 11, 30, 9, 0));
    const code = await receive();
    expect((await h.get('specialist', `/api/v1/dossiers/${code}/result`)).status).toBe(404);
    const res = await h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, {
      decision: 'accept',
      note: 'Hồ sơ hợp lệ',
      result: { title: 'GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH', body: 'Tên hộ kinh doanh: Tạp hóa Ánh Tuyết.\n\nĐịa điểm kinh doanh: số 5 ngõ Hàng Bột, Hà Nội.' },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string; hasResult: boolean })).toMatchObject({ status: 'appraised', hasResult: true });
    const text = await pdfText(await h.get('leader', `/api/v1/dossiers/${code}/result`));
    if (hasPdftotext) {
      const flat = text.replace(/\s+/g, ' ');
      for (const s of ['GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH', 'Tạp hóa Ánh Tuyết', 'Nguyễn Văn Hùng', code]) expect(flat).toContain(s);
    }
    // This harness runs without a PKI: approval says what is missing instead of pretending.
    const approval = await h.post('leader', `/api/v1/dossiers/${code}/approval`, { pin: '123456' });
    expect(approval.status).toBe(503);
    expect(((await approval.json()) as { error: { code: string } }).error.code).toBe('pki_unavailable');
  });
});
