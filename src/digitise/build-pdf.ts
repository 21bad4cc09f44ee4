import fontkit from '@pdf-lib/fontkit';
import {
  PDFDocument,
  type PDFFont,
  type PDFPage,
  TextRenderingMode,
  beginText,
  concatTransformationMatrix,
  drawObject,
  endText,
  popGraphicsState,
  pushGraphicsState,
  setCharacterSqueeze,
  setFontAndSize,
  setTextMatrix,
  setTextRenderingMode,
  showText,
} from 'pdf-lib';
import { fontBytes } from '../shared/fonts';
import { markPdfA2b } from './pdfa';
import type { NormalisedPage, OcrWord, ProcessedPage } from './types';

export interface BuildOptions {
  title: string;
  date?: Date;
}

/**
 * Stage 4 (tạo PDF/A): each OCR'd page becomes its cleaned image with an invisible text
 * layer (render mode 3) in the embedded, subset Liberation Serif, each word stretched over
 * its box so that selection, search and pdftotext line up with the picture. Pages that
 * arrived as text PDFs are copied unchanged.
 */
export async function buildPdf(pages: ProcessedPage[], options: BuildOptions): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(fontBytes('serif'), { subset: true });
  const sources = new Map<Uint8Array, PDFDocument>();
  for (const p of pages) {
    if (p.kind === 'pdf-text') {
      const src = sources.get(p.pdf) ?? (await PDFDocument.load(p.pdf, { updateMetadata: false }));
      sources.set(p.pdf, src);
      const [copied] = await doc.copyPages(src, [p.pageIndex]);
      doc.addPage(copied);
      continue;
    }
    const page = doc.addPage([pt(p.page.width, p.page.dpi), pt(p.page.height, p.page.dpi)]);
    await drawPageImage(doc, page, p.page);
    drawTextLayer(page, font, p.ocr.words, p.page.dpi);
  }
  markPdfA2b(doc, { title: options.title, date: options.date });
  return doc.save({ useObjectStreams: false });
}

function pt(px: number, dpi: number): number {
  return (px * 72) / dpi;
}

async function drawPageImage(doc: PDFDocument, page: PDFPage, img: NormalisedPage): Promise<void> {
  const { width, height } = page.getSize();
  if (img.display.format === 'jpeg') {
    const jpg = await doc.embedJpg(img.display.bytes);
    page.drawImage(jpg, { x: 0, y: 0, width, height });
    return;
  }
  // pdf-lib's PNG path would widen a 1-bit page to 24-bit RGB; write the image object directly.
  const stream = doc.context.stream(img.display.bytes, {
    Type: 'XObject',
    Subtype: 'Image',
    Width: img.width,
    Height: img.height,
    ColorSpace: 'DeviceGray',
    BitsPerComponent: 1,
    Filter: 'FlateDecode',
  });
  const name = page.node.newXObject('Scan', doc.context.register(stream));
  page.pushOperators(
    pushGraphicsState(),
    concatTransformationMatrix(width, 0, 0, height, 0, 0),
    drawObject(name),
    popGraphicsState(),
  );
}

function drawTextLayer(page: PDFPage, font: PDFFont, words: OcrWord[], dpi: number): void {
  if (words.length === 0) return;
  const key = page.node.newFontDictionary('OcrText', font.ref);
  const pageHeight = page.getSize().height;
  const sizes = lineFontSizes(words, dpi);
  const ops = [beginText(), setTextRenderingMode(TextRenderingMode.Invisible)];
  for (const [i, w] of words.entries()) {
    const size = sizes.get(w.line) ?? 10;
    // A real space glyph stretched over the gap to the next word of the line: extractors
    // (pdftotext, viewers' copy) then never glue two words when tesseract's boxes nearly touch.
    // Boxes may overlap (the tails of "p" and "g" in "cấp giấy"): the word keeps its own box then.
    const next = words[i + 1]?.line === w.line ? words[i + 1] : undefined;
    const text = next ? `${w.text} ` : w.text;
    const natural = font.widthOfTextAtSize(text, size);
    const boxWidth = pt((next ? Math.max(next.x0, w.x1) : w.x1) - w.x0, dpi);
    ops.push(
      setFontAndSize(key, size),
      setCharacterSqueeze(natural > 0 ? (100 * boxWidth) / natural : 100),
      setTextMatrix(1, 0, 0, 1, pt(w.x0, dpi), pageHeight - pt(w.baseline, dpi)),
      showText(font.encodeText(text)),
    );
  }
  ops.push(endText());
  page.pushOperators(...ops);
}

/**
 * One font size per line (viewers and pdftotext group a line by size and baseline): the
 * median word height, which for mixed-case text with accents is close to the em size.
 */
function lineFontSizes(words: OcrWord[], dpi: number): Map<number, number> {
  const heights = new Map<number, number[]>();
  for (const w of words) heights.set(w.line, [...(heights.get(w.line) ?? []), w.y1 - w.y0]);
  const sizes = new Map<number, number>();
  for (const [line, hs] of heights) {
    hs.sort((a, b) => a - b);
    sizes.set(line, Math.max(1, pt(hs[Math.floor(hs.length / 2)], dpi)));
  }
  return sizes;
}

