import { PDFDocument } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { fontBytes } from '../../shared/fonts';
import { drawLine, wrap, type Fonts } from './text';

let fonts: Fonts;
let doc: PDFDocument;
beforeAll(async () => {
  doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const [regular, bold, italic, boldItalic] = await Promise.all(
    (['serif', 'serifBold', 'serifItalic', 'serifBoldItalic'] as const).map((f) => doc.embedFont(fontBytes(f), { subset: true })),
  );
  fonts = { regular, bold, italic, boldItalic };
});

const VI = 'Ủy ban nhân dân phường Ba Đình xác nhận việc đăng ký khai sinh cho cháu Trần Ánh Dương, sinh ngày mồng hai tháng mười một năm hai nghìn không trăm hai mươi sáu, tại Bệnh viện Phụ sản Hà Nội; người đi khai là bà Nguyễn Thị Ánh Tuyết.';
const joined = (lines: ReturnType<typeof wrap>) => lines.map((l) => l.words.map((w) => w.segs.map((s) => s.text).join('')).join(' ')).join(' ');

describe('wrap', () => {
  it('keeps every line within the width, measured with the real font, and loses no word', () => {
    for (const width of [120, 200, 333]) {
      const lines = wrap(VI, fonts, width, { size: 13, indent: 20 });
      expect(lines.length).toBeGreaterThan(1);
      lines.forEach((l) => {
        const text = l.words.map((w) => w.segs.map((s) => s.text).join('')).join(' ');
        expect(fonts.regular.widthOfTextAtSize(text, 13) + l.indent).toBeLessThanOrEqual(width + 0.01);
      });
      expect(joined(lines)).toBe(VI);
      expect(lines.filter((l) => l.last)).toHaveLength(1);
    }
  });

  it('breaks a word longer than the line (a URL) into pieces that fit', () => {
    const url = 'https://dichvucong.badinh.hanoi.gov.vn/tra-cuu/ho-so/H26.39-261123-0007?ma-xac-thuc=8f3a9c';
    const lines = wrap(url, fonts, 150, { size: 12 });
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.map((l) => l.words.map((w) => w.segs.map((s) => s.text).join('')).join('')).join('')).toBe(url);
    for (const l of lines) expect(l.width).toBeLessThanOrEqual(150.01);
  });

  it('honours hard line breaks and styled runs without a space between them', () => {
    const lines = wrap([{ text: 'KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH (' }, { text: 'ký', style: 'bold' }, { text: ')' }], fonts, 400, { size: 13 });
    expect(lines).toHaveLength(2);
    expect(lines[0].last).toBe(true);
    const lastWord = lines[1].words[lines[1].words.length - 1];
    expect(lastWord.segs.map((s) => [s.text, s.font === fonts.bold])).toEqual([['(', false], ['ký', true], [')', false]]);
  });

  it('justified lines end at the right margin; the last line does not', () => {
    const page = doc.addPage();
    const lines = wrap(VI, fonts, 300, { size: 13 });
    const boxes = lines.map((l, i) => drawLine(page, l, 50, 700 - i * 16, 300, { size: 13, align: 'justify' }));
    boxes.slice(0, -1).forEach((b) => expect(b.x + b.width).toBeCloseTo(350, 1));
    expect(boxes[boxes.length - 1].x + boxes[boxes.length - 1].width).toBeLessThan(349);
  });
});
