import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont, PDFRef } from 'pdf-lib';
import { fontBytes } from '../shared/fonts';
import { InvalidInputError } from '../shared/errors';
import { registerStream } from './incremental';

/**
 * Widget appearance streams (the /AP /N form XObject of a signature widget). Everything the
 * signature shows lives in its own widget: nothing is drawn into page content, so an update
 * adds objects and touches no content stream.
 */

export interface Appearance {
  /** PNG (transparency kept as SMask) drawn inside the box, aspect kept. */
  image?: Uint8Array;
  /** Small text lines under the image (or alone), Liberation Serif. */
  lines?: string[];
  /** Font size of the lines (default 6 pt under an image, 10 pt alone). */
  fontSize?: number;
  /** Horizontal alignment of the lines (default centre). */
  align?: 'left' | 'center' | 'right';
}

const LEADING = 1.2;

/** Builds the form XObject for a `width`×`height` widget; returns its ref (a new object). */
export async function buildAppearance(doc: PDFDocument, width: number, height: number, a: Appearance): Promise<PDFRef> {
  const lines = (a.lines ?? []).map((l) => l.normalize('NFC')).filter((l) => l.length > 0);
  const size = a.fontSize ?? (a.image ? 6 : 10);
  const textHeight = lines.length * size * LEADING;
  const ops: string[] = [];
  const resources: Record<string, Record<string, PDFRef>> = {};
  if (a.image) {
    const img = await embedPng(doc, a.image);
    const room = { w: width, h: Math.max(0, height - textHeight) };
    const scale = Math.min(room.w / img.width, room.h / img.height);
    const w = img.width * scale;
    const h = img.height * scale;
    ops.push(`q ${num(w)} 0 0 ${num(h)} ${num((width - w) / 2)} ${num(textHeight + (room.h - h) / 2)} cm /Im1 Do Q`);
    resources.XObject = { Im1: img.ref };
  }
  if (lines.length) {
    const font = await serifFont(doc);
    ops.push('BT 0 g');
    lines.forEach((line, i) => {
      const w = font.widthOfTextAtSize(line, size);
      const x = a.align === 'left' ? 0 : a.align === 'right' ? width - w : (width - w) / 2;
      const y = textHeight - (i + 1) * size * LEADING + size * 0.25;
      ops.push(`/F1 ${num(size)} Tf 1 0 0 1 ${num(x)} ${num(y)} Tm ${font.encodeText(line).toString()} Tj`);
    });
    ops.push('ET');
    resources.Font = { F1: font.ref };
  }
  return registerStream(
    doc,
    { Type: 'XObject', Subtype: 'Form', BBox: doc.context.obj([0, 0, width, height]), Resources: doc.context.obj(resources) },
    Buffer.from(ops.join('\n'), 'latin1'),
  );
}

const num = (n: number) => (Math.round(n * 1000) / 1000).toString();

async function embedPng(doc: PDFDocument, png: Uint8Array) {
  try {
    return await doc.embedPng(png);
  } catch (e) {
    throw new InvalidInputError('invalid_image', `the appearance image is not a usable PNG: ${(e as Error).message}`);
  }
}

const fonts = new WeakMap<PDFDocument, PDFFont>();

/** Liberation Serif (Times-like, full Vietnamese), subset into the document once. */
export async function serifFont(doc: PDFDocument): Promise<PDFFont> {
  let font = fonts.get(doc);
  if (!font) {
    doc.registerFontkit(fontkit);
    font = await doc.embedFont(fontBytes('serif'), { subset: true });
    fonts.set(doc, font);
  }
  return font;
}

/** ISO 8601 in Vietnam's time (UTC+07:00, no DST), e.g. 2026-11-23T17:05:09+07:00. */
export function vietnamIso(at: Date): string {
  const local = new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 19);
  return `${local}+07:00`;
}

/** PDF date (§7.9.4) in +07'00'. */
export function pdfDate(at: Date): string {
  const iso = vietnamIso(at);
  return `D:${iso.slice(0, 19).replace(/[-:T]/g, '')}+07'00'`;
}
