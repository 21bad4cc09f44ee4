import { statSync } from 'node:fs';
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { haveTool, runTool } from '../../test/support/tools';
import { InvalidInputError } from '../shared/errors';
import { FONT_FILES } from '../shared/fonts';
import { appointmentSlip } from './appointment-slip';
import { agency, dossier, flat, pageRgba, pdfText, qpdfCheck, snapshotPng, withTempPdf } from './testing';

const hasPdftotext = haveTool('pdftotext');
const hasQpdf = haveTool('qpdf');
const hasPdftoppm = haveTool('pdftoppm');
const hasPdffonts = haveTool('pdffonts');

describe('appointmentSlip', async () => {
  const pdf = await appointmentSlip({ agency, dossier });
  snapshotPng(pdf, 'appointment');

  it.skipIf(!hasPdftotext)('prints the title, people, code, documents and Vietnam-time dates as real text', () => {
    const text = flat(pdfText(pdf));
    for (const s of [
      'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'UBND PHƯỜNG BA ĐÌNH',
      'BỘ PHẬN MỘT CỬA',
      'Nguyễn Thị Ánh Tuyết',
      'Trần Văn Đức',
      '001186012345',
      'H26.39-261123-0007',
      'Giấy chứng nhận kết hôn của cha, mẹ',
      'Bản sao chứng thực',
      '03 ngày làm việc',
      '08 giờ 30 phút, ngày 23 tháng 11 năm 2026',
      '16 giờ 00 phút, ngày 25 tháng 11 năm 2026',
      'Lê Thị Hằng',
      dossier.lookupUrl,
    ]) {
      expect(text).toContain(flat(s));
    }
  });

  it.skipIf(!hasQpdf)('passes qpdf --check and has a classic xref table (no object streams)', () => {
    const r = qpdfCheck(pdf);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const raw = Buffer.from(pdf).toString('latin1');
    expect(raw).not.toContain('/ObjStm');
    expect(raw).toMatch(/\nxref\n/);
  });

  it.skipIf(!hasPdffonts)('embeds Liberation Serif (subset: the whole PDF is smaller than one full font file)', () => {
    const out = withTempPdf(pdf, (path) => runTool('pdffonts', [path]).stdout);
    const rows = out.split('\n').slice(2).filter(Boolean);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    // Columns: name, type, encoding, emb, sub, uni. pdf-lib names subsets without the ABCDEF+ tag, so "sub" says no.
    for (const row of rows) expect(row).toMatch(/^LiberationSerif\S*\s+CID TrueType\s+Identity-H\s+yes\s+\S+\s+yes\b/);
    expect(pdf.length).toBeLessThan(statSync(FONT_FILES.serif).size);
  });

  it.skipIf(!hasPdftoppm)('carries a QR code that decodes to the lookup URL', async () => {
    const { data, width, height } = await pageRgba(pdf, 150);
    expect(jsQR(data, width, height)?.data).toBe(dossier.lookupUrl);
  });

  it.skipIf(!hasPdftotext)('prints times in Asia/Ho_Chi_Minh even when the UTC date differs', async () => {
    const receivedAt = Date.UTC(2026, 10, 22, 18, 5); // 01:05 on 23/11 in Hà Nội
    const out = await appointmentSlip({ agency, dossier: { ...dossier, receivedAt, submitter: undefined } });
    const text = flat(pdfText(out));
    expect(text).toContain(flat('01 giờ 05 phút, ngày 23 tháng 11 năm 2026'));
    expect(text).toContain(flat('Người nộp hồ sơ, đồng thời là chủ hồ sơ: Ông/Bà Nguyễn Thị Ánh Tuyết'));
  });

  it.skipIf(!hasPdftotext)('continues a long document table on page 2 with the header repeated', async () => {
    const documents = Array.from({ length: 30 }, (_, i) => ({ name: `Giấy tờ chứng minh số ${i + 1} về quyền sử dụng đất ở`, kind: 'copy' as const, copies: 1 }));
    const out = await appointmentSlip({ agency, dossier: { ...dossier, documents } });
    const page2 = flat(pdfText(out, ['-f', '2', '-l', '2']));
    expect(page2).toContain(flat('Tên giấy tờ'));
    expect(page2).toContain(flat('Giấy tờ chứng minh số 30 về quyền sử dụng đất ở'));
    expect(page2).toContain(flat('Người tiếp nhận hồ sơ'));
  });

  it('rejects bad input with InvalidInputError naming each field', async () => {
    const bad = { ...dossier, applicant: { ...dossier.applicant, name: '  ' }, documents: [], lookupUrl: 'javascript:alert(1)' };
    const err = await appointmentSlip({ agency, dossier: bad }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    const message = (err as Error).message;
    expect(message).toContain('dossier.applicant.name');
    expect(message).toContain('dossier.documents');
    expect(message).toContain('dossier.lookupUrl');
  });

  it.skipIf(!hasPdftotext)('normalises decomposed (NFD) input to NFC', async () => {
    const name = 'Nguyễn Thị Ánh Tuyết';
    const nfd = { ...dossier, applicant: { ...dossier.applicant, name: name.normalize('NFD') } };
    const out = await appointmentSlip({ agency, dossier: nfd });
    // Raw pdftotext output (not re-normalised): the text layer itself must hold the NFC form.
    const raw = runTool('pdftotext', ['-enc', 'UTF-8', '-', '-'], out).stdout;
    expect(raw).toContain(name);
    expect(raw).not.toContain(name.normalize('NFD'));
  });
});
