import { createWorker, OEM, PSM, type Line, type Worker } from 'tesseract.js';
import { parseLangs } from './langs';
import { languageData, type OcrModel } from './tessdata';
import type { OcrResult, OcrWord } from './types';

export { parseLangs };

/** One tesseract engine with its languages loaded; create once per thread, reuse per page. */
export async function createOcrEngine(model: OcrModel = { lang: 'vie+eng' }): Promise<Worker> {
  const langs = parseLangs(model.lang).map((l) => languageData(l, model.tessdataDir));
  const worker = await createWorker(langs as unknown as string[], OEM.LSTM_ONLY, {
    gzip: false,
    cacheMethod: 'none',
    errorHandler: () => undefined,
  });
  await worker.setParameters({
    tessedit_pageseg_mode: PSM.AUTO,
    user_defined_dpi: '300',
    preserve_interword_spaces: '0',
    // Skip re-reading low-confidence lines as white-on-black: normalise already made text dark
    // on white, and the retry costs a large share of OCR time on noisy pages.
    tessedit_do_invert: '0',
  });
  return worker;
}

/** The grey page tesseract reads, as raw pixels (for cropping lines to re-read). */
export interface GreyPage {
  pgm: Uint8Array;
  width: number;
  height: number;
}

const REREAD_CONFIDENCE = 80;
const TALL_LINE = 1.6;

/**
 * Stage 3 (nhận dạng ký tự): words with boxes, confidences and baselines, NFC.
 *
 * Page layout analysis sometimes shaves the tone marks off large headings or splits a doubtful
 * line; such lines (low confidence, or much taller than the page's body text) are cropped with
 * room above for the accents and read again as a single line, keeping the better reading.
 */
export async function ocr(engine: Worker, whole: GreyPage): Promise<OcrResult> {
  // Layout analysis costs by the pixel: read only the inked area (≈ 10–15% faster on A4
  // pages with ordinary margins), then move the boxes back to page coordinates.
  const { page, dx, dy } = cropToInk(whole);
  const result = await ocrPage(engine, page);
  return { ...result, words: result.words.map((w) => ({ ...w, x0: w.x0 + dx, x1: w.x1 + dx, y0: w.y0 + dy, y1: w.y1 + dy, baseline: w.baseline + dy })) };
}

const INK = 160;
const CROP_MARGIN = 40;

function cropToInk(page: GreyPage): { page: GreyPage; dx: number; dy: number } {
  const { width: w, height: h } = page;
  const ink = inkBounds(pgmBody(page), w, h);
  if (!ink) return { page, dx: 0, dy: 0 };
  const x0 = Math.max(0, ink.left - CROP_MARGIN), y0 = Math.max(0, ink.top - CROP_MARGIN);
  const x1 = Math.min(w, ink.right + 1 + CROP_MARGIN), y1 = Math.min(h, ink.bottom + 1 + CROP_MARGIN);
  if (x1 - x0 === w && y1 - y0 === h) return { page, dx: 0, dy: 0 };
  return { page: { pgm: cropPgm(page, x0, y0, x1 - x0, y1 - y0), width: x1 - x0, height: y1 - y0 }, dx: x0, dy: y0 };
}

/**
 * The box around all ink, or undefined for a blank page. Only the margins are read: rows from
 * each end until one has ink, then each row's ends up to the widest ink found so far (the
 * text block itself, most of the page, is never scanned).
 */
export function inkBounds(body: Uint8Array, w: number, h: number): { top: number; bottom: number; left: number; right: number } | undefined {
  const rowHasInk = (y: number) => {
    for (let i = y * w, end = i + w; i < end; i++) if (body[i] < INK) return true;
    return false;
  };
  let top = 0;
  while (top < h && !rowHasInk(top)) top++;
  if (top === h) return undefined;
  let bottom = h - 1;
  while (!rowHasInk(bottom)) bottom--;
  let left = w, right = -1;
  for (let y = top; y <= bottom; y++) {
    const row = y * w;
    for (let x = 0; x < left; x++) if (body[row + x] < INK) { left = x; break; }
    for (let x = w - 1; x > right; x--) if (body[row + x] < INK) { right = x; break; }
  }
  return { top, bottom, left, right };
}

async function ocrPage(engine: Worker, page: GreyPage): Promise<OcrResult> {
  // Blocks only: the page's text is joined from its words below (tesseract.js would otherwise
  // walk the whole result a second time for a text we never read).
  const { data } = await engine.recognize(asBuffer(page.pgm), {}, { text: false, blocks: true });
  const lines = (data.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines));
  const heights = lines.map((l) => l.bbox.y1 - l.bbox.y0).sort((a, b) => a - b);
  const bodyHeight = heights[Math.floor(heights.length / 2)] ?? 0;
  const words: OcrWord[] = [];
  for (const [index, line] of lines.entries()) {
    const tall = line.bbox.y1 - line.bbox.y0 > TALL_LINE * bodyHeight;
    const better = tall || line.confidence < REREAD_CONFIDENCE ? await reread(engine, page, line) : undefined;
    words.push(...(better ?? lineWords(line, index, 0, 0)).map((w) => ({ ...w, line: index })));
  }
  await engine.setParameters({ tessedit_pageseg_mode: PSM.AUTO });
  const text = lines
    .map((_, i) => words.filter((w) => w.line === i).map((w) => w.text).join(' '))
    .filter(Boolean)
    .join('\n');
  return { words, text, confidence: data.confidence };
}

async function reread(engine: Worker, page: GreyPage, line: Line): Promise<OcrWord[] | undefined> {
  const h = line.bbox.y1 - line.bbox.y0;
  const x0 = Math.max(0, line.bbox.x0 - h), x1 = Math.min(page.width, line.bbox.x1 + h);
  const y0 = Math.max(0, line.bbox.y0 - Math.round(h * 0.6)), y1 = Math.min(page.height, line.bbox.y1 + Math.round(h * 0.3));
  await engine.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_LINE });
  const { data } = await engine.recognize(asBuffer(cropPgm(page, x0, y0, x1 - x0, y1 - y0)), {}, { text: false, blocks: true });
  const again = (data.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines));
  if (again.length !== 1 || again[0].confidence <= line.confidence) return undefined;
  return lineWords(again[0], 0, x0, y0);
}

/**
 * The same bytes as a Buffer, not copied (tesseract.js takes Buffers, then copies the page
 * twice itself on its way to the engine's thread; a third page-sized copy here bought nothing).
 */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The pixels of a binary PGM: its last width × height bytes, after the text header. */
function pgmBody(page: GreyPage): Uint8Array {
  return page.pgm.subarray(page.pgm.length - page.width * page.height);
}

function cropPgm(page: GreyPage, left: number, top: number, width: number, height: number): Uint8Array {
  const body = pgmBody(page);
  const out = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) {
    out.set(body.subarray((top + y) * page.width + left, (top + y) * page.width + left + width), y * width);
  }
  return new Uint8Array(Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1'), out]));
}

/** Words of a line, moved by (dx, dy) when the line was read from a crop. */
function lineWords(line: Line, index: number, dx: number, dy: number): OcrWord[] {
  const { x0, y0, x1, y1 } = line.baseline;
  const slope = x1 === x0 ? 0 : (y1 - y0) / (x1 - x0);
  return line.words
    .map((w) => ({ ...w, text: w.text.normalize('NFC').trim() }))
    .filter((w) => w.text.length > 0)
    .map((w) => {
      const centre = (w.bbox.x0 + w.bbox.x1) / 2;
      const onLine = y0 + slope * (centre - x0);
      // Tesseract's baseline can be missing (0,0,0,0) for odd lines: fall back to the box.
      const baseline = onLine > w.bbox.y0 && onLine <= w.bbox.y1 + 2 ? onLine : w.bbox.y1;
      const b = w.bbox;
      return { text: w.text, confidence: w.confidence, x0: b.x0 + dx, y0: b.y0 + dy, x1: b.x1 + dx, y1: b.y1 + dy, line: index, baseline: baseline + dy };
    });
}
