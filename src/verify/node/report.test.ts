import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { haveTool, runTool } from '../../../test/support/tools';
import { escapeHtml, renderReportHtml } from '../report-html';
import { renderReportPdf } from '../report-pdf';
import { deepFreeze, type SignatureReport, type VerificationReport } from '../types';

/** Reports in Vietnamese: labels, escaping, real text in the PDF (pdftotext as the oracle), CLI exit codes. */
const sig = (over: Partial<SignatureReport>): SignatureReport => ({
  index: 0, fieldName: 'LanhDao', kind: 'signature', subFilter: 'ETSI.CAdES.detached', signer: 'Nguyễn Văn Hùng',
  organisation: 'Ủy ban nhân dân phường Bến Thành', signedAt: '2026-11-23T03:04:05.000Z', reason: null, location: null,
  algorithm: 'RSA with SHA-256', timestamp: { time: '2026-11-23T03:04:06.000Z', valid: true, tsa: 'TSA Thử nghiệm', imprintMatches: true, chain: 'trusted' },
  integrity: 'intact', signatureValid: true, chain: 'trusted', chainPath: ['Nguyễn Văn A', 'Taicho Dev Root CA'], revocation: 'good', coversRevision: 1, totalDocument: false,
  modifiedAfter: false, modifications: [], level: 'B-T', longTerm: null, docMdp: null, errors: [], ...over,
});

const report = (sigs: SignatureReport[], valid: boolean): VerificationReport => deepFreeze({
  valid, reasons: valid ? [] : ['signature 2 (DongDau): document modified after signing'], signatures: sigs,
  revisions: [{ index: 0, startxref: 10, endOffset: 100, changes: { summary: 'no changes to existing objects', items: [] } }],
  file: { size: 1234, sha256: 'ab'.repeat(32) }, warnings: [], checkedAt: '2026-11-23T04:00:00.000Z',
});

describe('auditor reports', () => {
  const bad = report([sig({}), sig({ index: 1, fieldName: 'DongDau', signer: '<script>alert(1)</script>', modifiedAfter: true, modifications: ['revision 3: page 1 changed: /Contents'] })], false);

  it('HTML: Vietnamese labels, the verdict per signature, and escaped names', () => {
    const html = renderReportHtml(bad, { lang: 'vi' });
    for (const label of ['Không hợp lệ', 'Người ký', 'Thời điểm ký', 'Dấu thời gian', 'Chuỗi chứng thư', 'Tình trạng thu hồi', 'Thay đổi sau khi ký', 'Nguyễn Văn Hùng', 'page 1 changed: /Contents']) {
      expect(html).toContain(label);
    }
    expect(html).toContain('data-valid="false"');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(renderReportHtml(report([sig({})], true))).toContain('Kết luận: Hợp lệ');
    expect(escapeHtml('Hu\u0300ng')).toBe('Hùng'); // NFC
  });

  it.skipIf(!haveTool('pdftotext'))('PDF: the same content as real, extractable Vietnamese text', async () => {
    const pdf = await renderReportPdf(bad, { subject: 'quyết-định.pdf' });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'taicho-report-')), 'r.pdf');
    writeFileSync(file, pdf);
    const text = runTool('pdftotext', [file, '-']).stdout.normalize('NFC');
    for (const s of ['Báo cáo kiểm tra chữ ký số', 'Kết luận: Không hợp lệ', 'Người ký: Nguyễn Văn Hùng', 'Tổ chức: Ủy ban nhân dân phường Bến Thành', 'Thay đổi sau khi ký', 'page 1 changed: /Contents', 'Dấu thời gian']) {
      expect(text).toContain(s);
    }
  });

  it('CLI: exit 2 for a file that is not a PDF, 1 for usage without a file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'taicho-cli-'));
    writeFileSync(path.join(dir, 'x.pdf'), 'không phải PDF');
    const io = () => {
      const out: string[] = [];
      return { out, io: { stdout: (s: string) => out.push(s), stderr: (s: string) => out.push(s), env: {}, cwd: dir } };
    };
    const a = io();
    expect(await main(['verify', 'x.pdf', '--json'], a.io)).toBe(2);
    expect(JSON.parse(a.out[0]).error.code).toBe('not_a_pdf');
    expect(await main(['verify', 'missing.pdf'], io().io)).toBe(2);
    expect(await main(['verify'], io().io)).toBe(1);
    expect(readFileSync(path.join(dir, 'x.pdf'), 'utf8')).toBe('không phải PDF');
  });
});
