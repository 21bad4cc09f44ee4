import { describe, expect, it } from 'vitest';
import { haveTool } from '../../test/support/tools';
import { fromLocal } from '../shared/time';
import { timeliness } from './format';
import { processControlSlip } from './process-control-slip';
import { DUE, RECEIVED, agency, dossierRef, flat, pdfText, qpdfCheck, snapshotPng } from './testing';

const hasPdftotext = haveTool('pdftotext');
const hasQpdf = haveTool('qpdf');

describe('timeliness', () => {
  const due = fromLocal(2026, 11, 25, 16, 0);
  it('is early before the due day, on time on the due day up to the due time, late after it', () => {
    expect(timeliness(fromLocal(2026, 11, 24, 23, 59), due)).toBe('early');
    expect(timeliness(fromLocal(2026, 11, 25, 7, 30), due)).toBe('on_time');
    expect(timeliness(due, due)).toBe('on_time');
    expect(timeliness(due + 60_000, due)).toBe('late');
  });
  it('compares calendar days in Hà Nội time, not UTC', () => {
    // 23:30 on the 24th in Hà Nội is already the 24th 16:30 UTC; due 00:30 on the 25th (17:30 UTC on the 24th).
    expect(timeliness(fromLocal(2026, 11, 24, 23, 30), fromLocal(2026, 11, 25, 0, 30))).toBe('early');
  });
});

describe('processControlSlip', () => {
  it.skipIf(!hasPdftotext || !hasQpdf)('tabulates each hand-off with its mark, given or derived from the deadline', async () => {
    const pdf = await processControlSlip({
      agency,
      dossier: dossierRef,
      issuedAt: fromLocal(2026, 11, 25, 17, 45),
      coordinatingBodies: ['Công an phường Ba Đình'],
      steps: [
        { from: 'Nguyễn Thị Ánh Tuyết', to: 'Lê Thị Hằng', at: RECEIVED, outcome: 'Tiếp nhận hồ sơ', mark: 'on_time' },
        { from: 'Lê Thị Hằng', to: 'Vũ Minh Khôi', at: RECEIVED + 3_600_000, dueAt: fromLocal(2026, 11, 24, 8, 0), outcome: 'Chuyển thẩm định' },
        { from: 'Vũ Minh Khôi', to: 'Đỗ Quang Vũ', at: fromLocal(2026, 11, 24, 15, 0), dueAt: fromLocal(2026, 11, 24, 17, 0), outcome: 'Thẩm định: đủ điều kiện', note: 'Trình ký' },
        { from: 'Đỗ Quang Vũ', to: 'Văn thư Ngô Thị Lụa', at: fromLocal(2026, 11, 25, 17, 30), dueAt: DUE, outcome: 'Phê duyệt, ký số' },
      ],
    });
    snapshotPng(pdf, 'process-control');
    expect(qpdfCheck(pdf).status).toBe(0);
    const text = flat(pdfText(pdf));
    for (const s of ['Phiếu kiểm soát quá trình giải quyết hồ sơ', 'H26.39-261123-0007', 'Công an phường Ba Đình', 'Văn thư Ngô Thị Lụa', 'Thẩm định: đủ điều kiện. Trình ký']) {
      expect(text).toContain(flat(s));
    }
    // Raw (reading-order) text: the marks come out row by row, in step order.
    const marks = pdfText(pdf, ['-raw']).match(/Trước hạn|Đúng hạn|Quá hạn/g);
    expect(marks).toEqual(['Đúng hạn', 'Trước hạn', 'Đúng hạn', 'Quá hạn']);
  });

  it.skipIf(!hasPdftotext)('leaves the mark empty when neither a mark nor a deadline is known', async () => {
    const pdf = await processControlSlip({ agency, dossier: dossierRef, steps: [{ from: 'A Lừ', to: 'Bế Văn Đàn', at: RECEIVED, outcome: 'Tiếp nhận' }] });
    expect(pdfText(pdf)).not.toMatch(/Trước hạn|Đúng hạn|Quá hạn/);
  });
});
