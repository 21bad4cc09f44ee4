import type { PDFFont, PDFPage } from 'pdf-lib';

/**
 * Rich text wrapped with the embedded font's real advance widths (fontkit), so that lines
 * never run past the margin whatever the diacritics. Words are laid out as segments of
 * possibly different styles ("Mã hồ sơ: " regular + the code in bold) and drawn at computed
 * positions, which also gives us justified paragraphs: CID fonts ignore the Tw operator.
 */

export type Style = 'regular' | 'bold' | 'italic' | 'boldItalic';
export type Fonts = Record<Style, PDFFont>;
export interface Run {
  text: string;
  style?: Style;
}
/** Plain text (in the block's style) or styled runs. "\n" forces a line break. */
export type Rich = string | Run[];
export type Align = 'left' | 'center' | 'right' | 'justify';

export interface TextStyle {
  size: number;
  style?: Style;
  align?: Align;
  /** First-line indent in points (paragraph indent, 1 cm on administrative documents). */
  indent?: number;
  /** Line height as a multiple of the size. */
  leading?: number;
}

interface Segment {
  text: string;
  font: PDFFont;
  width: number;
}
interface Word {
  segs: Segment[];
  width: number;
  /** Width of the space that precedes it, in the font of its first segment. */
  space: number;
  hardBreak: boolean;
}
export interface Line {
  words: Word[];
  width: number;
  /** Last line of its paragraph (or before a hard break): never justified. */
  last: boolean;
  indent: number;
}
/** Where a drawn line landed: used for underlines and signature-box geometry. */
export interface LineBox {
  x: number;
  baseline: number;
  width: number;
}

export const DEFAULT_LEADING = 1.2;

export function lineHeight(ts: TextStyle): number {
  return ts.size * (ts.leading ?? DEFAULT_LEADING);
}

function toWords(rich: Rich, fonts: Fonts, ts: TextStyle): Word[] {
  const runs: Run[] = typeof rich === 'string' ? [{ text: rich }] : rich;
  const words: Word[] = [];
  let pendingSpace = false;
  let pendingBreak = false;
  for (const run of runs) {
    const font = fonts[run.style ?? ts.style ?? 'regular'];
    for (const token of run.text.normalize('NFC').split(/(\s+)/)) {
      if (token === '') continue;
      if (/^\s+$/.test(token)) {
        pendingSpace = true;
        pendingBreak ||= token.includes('\n');
        continue;
      }
      const seg: Segment = { text: token, font, width: font.widthOfTextAtSize(token, ts.size) };
      const prev = words[words.length - 1];
      if (prev && !pendingSpace && !pendingBreak) {
        prev.segs.push(seg);
        prev.width += seg.width;
      } else {
        words.push({ segs: [seg], width: seg.width, space: font.widthOfTextAtSize(' ', ts.size), hardBreak: pendingBreak });
      }
      pendingSpace = pendingBreak = false;
    }
  }
  return words;
}

/** Splits a word wider than the line (a long URL) into pieces that fit, character by character. */
function splitWord(word: Word, avail: number, size: number): Word[] {
  const pieces: Word[] = [];
  let cur: Word = { segs: [], width: 0, space: word.space, hardBreak: word.hardBreak };
  for (const seg of word.segs) {
    for (const ch of Array.from(seg.text)) {
      const w = seg.font.widthOfTextAtSize(ch, size);
      if (cur.width + w > avail && cur.width > 0) {
        pieces.push(cur);
        cur = { segs: [], width: 0, space: 0, hardBreak: false };
      }
      const last = cur.segs[cur.segs.length - 1];
      if (last && last.font === seg.font) {
        last.text += ch;
        last.width += w;
      } else cur.segs.push({ text: ch, font: seg.font, width: w });
      cur.width += w;
    }
  }
  if (cur.width > 0) pieces.push(cur);
  return pieces;
}

/** Greedy line breaking within `width` points. */
export function wrap(rich: Rich, fonts: Fonts, width: number, ts: TextStyle): Line[] {
  const lines: Line[] = [];
  let cur: Line = { words: [], width: 0, last: false, indent: ts.indent ?? 0 };
  const flush = (last: boolean) => {
    cur.last = last;
    lines.push(cur);
    cur = { words: [], width: 0, last: false, indent: 0 };
  };
  for (const word of toWords(rich, fonts, ts)) {
    if (word.hardBreak && cur.words.length > 0) flush(true);
    const avail = width - cur.indent;
    const add = cur.words.length > 0 ? word.space + word.width : word.width;
    if (cur.width + add <= avail + 0.01) {
      cur.words.push(word);
      cur.width += add;
      continue;
    }
    if (cur.words.length > 0) flush(false);
    const pieces = word.width > width - cur.indent ? splitWord(word, width - cur.indent, ts.size) : [word];
    pieces.forEach((p, i) => {
      if (i > 0) flush(false);
      cur.words.push(p);
      cur.width = p.width;
    });
  }
  if (cur.words.length > 0 || lines.length === 0) flush(true);
  return lines;
}

/** Draws one wrapped line whose box starts at `top`; returns where it went. */
export function drawLine(page: PDFPage, line: Line, x: number, top: number, width: number, ts: TextStyle): LineBox {
  const align = ts.align ?? 'left';
  const baseline = top - lineHeight(ts) + ts.size * 0.25;
  const gaps = line.words.length - 1;
  const extra = align === 'justify' && !line.last && gaps > 0 ? (width - line.indent - line.width) / gaps : 0;
  let start = x + line.indent;
  if (align === 'center') start = x + (width - line.width) / 2;
  if (align === 'right') start = x + width - line.width;

  // Consecutive segments in one font become one text show unless justification spreads the words.
  let chunk: { text: string; font: PDFFont; x: number } | undefined;
  const emit = () => {
    if (chunk) page.drawText(chunk.text, { x: chunk.x, y: baseline, size: ts.size, font: chunk.font });
    chunk = undefined;
  };
  let pen = start;
  line.words.forEach((word, wi) => {
    if (wi > 0) {
      if (extra > 0) emit();
      else if (chunk) chunk.text += ' ';
      pen += word.space + extra;
    }
    for (const seg of word.segs) {
      if (chunk && chunk.font !== seg.font) emit();
      if (!chunk) chunk = { text: '', font: seg.font, x: pen };
      chunk.text += seg.text;
      pen += seg.width;
    }
  });
  emit();
  return { x: start, baseline, width: pen - start };
}
