import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { fontBytes } from '../shared/fonts';
import { VI, labelSignature, summaryRows } from './report-labels';
import type { VerificationReport } from './types';

/**
 * The auditor's report as a PDF with real (extractable) Vietnamese text: the shipped
 * Liberation fonts embedded with subsetting, A4 pages, lines wrapped to the page width.
 */
const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const SIZE = 10;
const LEAD = 13.5;

class Writer {
  page!: PDFPage;
  y = 0;
  constructor(private doc: PDFDocument, private regular: PDFFont, private bold: PDFFont) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  line(text: string, opts: { bold?: boolean; size?: number; indent?: number; color?: [number, number, number] } = {}): void {
    const font = opts.bold ? this.bold : this.regular;
    const size = opts.size ?? SIZE;
    const x = MARGIN + (opts.indent ?? 0);
    for (const l of wrap(text.normalize('NFC'), font, size, A4[0] - MARGIN - x)) {
      if (this.y < MARGIN) this.newPage();
      this.page.drawText(l, { x, y: this.y, size, font, color: rgb(...(opts.color ?? [0, 0, 0])) });
      this.y -= size * (LEAD / SIZE);
    }
  }

  gap(h = 6): void {
    this.y -= h;
  }
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let cur = '';
    for (const word of para.split(/\s+/)) {
      const next = cur ? `${cur} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) <= width || !cur) cur = next;
      else {
        out.push(cur);
        cur = word;
      }
      // A single over-long token (a hash) is cut rather than run off the page.
      while (font.widthOfTextAtSize(cur, size) > width && cur.length > 8) {
        let cut = cur.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(cur.slice(0, cut), size) > width) cut--;
        out.push(cur.slice(0, cut));
        cur = cur.slice(cut);
      }
    }
    out.push(cur);
  }
  return out;
}

const GREEN: [number, number, number] = [0.04, 0.42, 0.18];
const RED: [number, number, number] = [0.64, 0, 0];

export async function renderReportPdf(report: VerificationReport, opts: { subject?: string } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const regular = await doc.embedFont(fontBytes('serif'), { subset: true });
  const bold = await doc.embedFont(fontBytes('serifBold'), { subset: true });
  doc.setTitle(VI.title);
  doc.setLanguage('vi-VN');
  const w = new Writer(doc, regular, bold);
  w.line(VI.title, { bold: true, size: 16 });
  if (opts.subject) w.line(`${VI.file}: ${opts.subject}`);
  w.gap();
  w.line(`${VI.verdict}: ${report.valid ? VI.valid : VI.invalid}`, { bold: true, size: 13, color: report.valid ? GREEN : RED });
  for (const [k, v] of summaryRows(report).slice(1)) w.line(`${k}: ${v}`);
  if (report.reasons.length) {
    w.gap();
    w.line(`${VI.reasons}:`, { bold: true });
    for (const r of report.reasons) w.line(`• ${r}`, { indent: 10 });
  }
  if (!report.signatures.length) w.line(VI.noSignature, { bold: true, color: RED });
  for (const s of report.signatures.map(labelSignature)) {
    w.gap(10);
    w.line(`${s.heading} — ${s.ok ? VI.valid : VI.invalid}`, { bold: true, size: 12, color: s.ok ? GREEN : RED });
    for (const [k, v] of s.rows) w.line(`${k}: ${v}`, { indent: 10 });
    if (s.modifications.length) {
      w.line(`${VI.modifiedAfter}:`, { bold: true, indent: 10 });
      for (const m of s.modifications) w.line(`• ${m}`, { indent: 20 });
    }
    if (s.notes.length) {
      w.line(`${VI.notes}:`, { bold: true, indent: 10 });
      for (const n of s.notes) w.line(`• ${n}`, { indent: 20 });
    }
  }
  w.gap(10);
  w.line(VI.revisions, { bold: true, size: 12 });
  for (const r of report.revisions) {
    w.line(`${VI.revision} ${r.index} (startxref ${r.startxref}, %%EOF ${r.endOffset}): ${r.changes.summary}`, { indent: 10 });
    for (const i of r.changes.items) w.line(`• ${i.category}: ${i.description}`, { indent: 20 });
  }
  return doc.save();
}
