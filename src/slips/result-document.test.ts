import { describe, expect, it } from 'vitest';
import { haveTool, runTool } from '../../test/support/tools';
import { InvalidInputError } from '../shared/errors';
import { fromLocal } from '../shared/time';
import { resultDocument } from './result-document';
import { agency, flat, pdfText, qpdfCheck, snapshotPng, withTempPdf, wordBoxes, type WordBox } from './testing';
import type { Box } from './types';

const hasPdftotext = haveTool('pdftotext');
const hasQpdf = haveTool('qpdf');

const A4 = { width: 595.28, height: 841.89 };
const base = {
  agency,
  number: '0007/GCN-UBND',
  dossierCode: 'H26.39-261123-0007',
  issuedAt: fromLocal(2026, 11, 25, 9, 0),
  title: 'Giấy xác nhận',
  subtitle: 'Về việc đăng ký khai sinh cho trẻ em',
  body: [
    'Căn cứ Luật Hộ tịch ngày 20 tháng 11 năm 2014;',
    'Xét đề nghị của bà Nguyễn Thị Ánh Tuyết, Ủy ban nhân dân phường Ba Đình xác nhận việc đăng ký khai sinh cho cháu Trần Ánh Dương, sinh ngày 02 tháng 11 năm 2026 tại Bệnh viện Phụ sản Hà Nội.',
  ],
  signer: { title: 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH', name: 'Đỗ Quang Vũ' },
  recipients: ['Bà Nguyễn Thị Ánh Tuyết', 'Lưu: VT, BPMC'],
};

const area = (b: Box) => b.width * b.height;
function overlap(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return Math.max(0, w) * Math.max(0, h);
}
const onPage = (b: Box) => b.x >= 0 && b.y >= 0 && b.x + b.width <= A4.width && b.y + b.height <= A4.height;
const find = (words: WordBox[], text: string, page: number) => {
  const w = words.filter((x) => x.text === text && x.page === page);
  expect(w, `word "${text}" on page ${page}`).not.toHaveLength(0);
  return w[w.length - 1];
};

describe('resultDocument', () => {
  it('returns a leader box of about 150×70 pt and a seal box over its left third', async () => {
    const { signatureBoxes: { leader, seal } } = await resultDocument(base);
    expect(leader.page).toBe(0);
    expect(seal.page).toBe(0);
    expect(leader.width).toBeCloseTo(150, 0);
    expect(leader.height).toBeCloseTo(70, 0);
    expect(seal.width).toBeCloseTo(100, 0);
    expect(seal.height).toBeCloseTo(100, 0);
    expect(onPage(leader) && onPage(seal)).toBe(true);
    expect(overlap(seal, leader) / area(leader)).toBeCloseTo(1 / 3, 1);
    expect(seal.x).toBeLessThan(leader.x); // the seal sits on the left of the signature
    // Right half of the page (signature block), clear of the left "Nơi nhận" column.
    expect(seal.x).toBeGreaterThan(A4.width * 0.45);
  });

  it.skipIf(!hasPdftotext || !hasQpdf)('places the boxes below the signer title and above the name (pdftotext -bbox)', async () => {
    const { pdf, signatureBoxes: { leader, seal } } = await resultDocument(base);
    snapshotPng(pdf, 'result');
    expect(qpdfCheck(pdf).status).toBe(0);
    const words = wordBoxes(pdf);
    const titleBottom = find(words, 'TỊCH', 0).yMin; // last word of "PHÓ CHỦ TỊCH"
    const nameTop = find(words, 'Vũ', 0).yMax;
    for (const b of [leader, seal]) {
      expect(b.y + b.height).toBeLessThanOrEqual(titleBottom);
      expect(b.y).toBeGreaterThanOrEqual(nameTop);
    }
    // No printed word may fall inside the signing area.
    const inside = words.filter((w) => w.page === 0 && overlap({ page: 0, x: w.xMin, y: w.yMin, width: w.xMax - w.xMin, height: w.yMax - w.yMin }, seal) > 0);
    expect(inside.map((w) => w.text)).toEqual([]);
    const text = flat(pdfText(pdf));
    for (const s of ['UBND THÀNH PHỐ HÀ NỘI', 'UBND PHƯỜNG BA ĐÌNH', 'Số: 0007/GCN-UBND', 'Hà Nội, ngày 25 tháng 11 năm 2026', 'GIẤY XÁC NHẬN', 'Nơi nhận:', '- Lưu: VT, BPMC.', 'Bệnh viện Phụ sản Hà Nội./.']) {
      expect(text).toContain(flat(s));
    }
  });

  it.skipIf(!hasPdftotext)('flows a long body onto page 2, numbers it, and returns boxes on the last page', async () => {
    const paragraph = (i: number) =>
      `Điều ${i}. Ông, bà có trách nhiệm thực hiện đúng các nội dung đã được xác nhận; mọi thay đổi về nhân thân, nơi cư trú phải được đăng ký với cơ quan có thẩm quyền trong thời hạn ba mươi ngày kể từ ngày có sự thay đổi (đoạn số ${i}).`;
    const { pdf, signatureBoxes } = await resultDocument({ ...base, body: Array.from({ length: 14 }, (_, i) => paragraph(i + 1)).join('\n\n') });
    const pages = Number(/Pages:\s+(\d+)/.exec(withTempPdf(pdf, (p) => runTool('pdfinfo', [p]).stdout))?.[1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(signatureBoxes.leader.page).toBe(pages - 1);
    const last = flat(pdfText(pdf, ['-f', String(pages), '-l', String(pages)]));
    expect(last).toContain(flat('(đoạn số 14)./.'));
    expect(last).toContain(flat('Đỗ Quang Vũ'));
    const page2 = pdfText(pdf, ['-f', '2', '-l', '2']).trimStart();
    expect(page2.startsWith('2')).toBe(true); // page number at the top of page 2
    const words = wordBoxes(pdf);
    const nameTop = find(words, 'Vũ', pages - 1).yMax;
    expect(signatureBoxes.seal.y).toBeGreaterThanOrEqual(nameTop);
  });

  it.skipIf(!hasPdftotext)('never leaves the signature block alone on a page: the last paragraph goes with it', async () => {
    const para = 'Ông, bà có trách nhiệm thực hiện đúng các nội dung đã được xác nhận và chịu trách nhiệm trước pháp luật về tính trung thực của hồ sơ đã nộp cho cơ quan có thẩm quyền.';
    for (let n = 9; n <= 14; n++) {
      const { pdf, signatureBoxes } = await resultDocument({ ...base, body: [...Array.from({ length: n }, () => para), 'Quyết định này có hiệu lực kể từ ngày ký.'] });
      const page = signatureBoxes.leader.page + 1;
      const text = flat(pdfText(pdf, ['-f', String(page), '-l', String(page)]));
      expect(text, `${n} paragraphs`).toContain(flat('Quyết định này có hiệu lực kể từ ngày ký./.'));
    }
  });

  it('rejects an empty body or a missing signer name', async () => {
    await expect(resultDocument({ ...base, body: '  \n\n ' })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(resultDocument({ ...base, signer: { title: 'CHỦ TỊCH', name: '' } })).rejects.toThrow(/signer\.name/);
  });
});
