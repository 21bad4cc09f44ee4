import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PageSizes, type PDFPage } from 'pdf-lib';
import { fontBytes } from '../../shared/fonts';
import { drawLine, lineHeight, wrap, type Fonts, type Line, type LineBox, type Rich, type TextStyle } from './text';

const MM = 72 / 25.4;
export const mm = (n: number): number => n * MM;

/** Decree 30/2020 Appendix I: top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm. */
export const MARGINS = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) };

/** One item stacked in a column: text, or blank space (e.g. where a signature goes). */
export type ColumnItem = { rich: Rich; ts: TextStyle; gapBefore?: number } | { space: number };
export interface Column {
  /** Offset from the left margin, in points. */
  x: number;
  width: number;
  items: ColumnItem[];
}
/** Where each item of each column was drawn (top/bottom in user space, lines for text). */
export interface PlacedItem {
  top: number;
  bottom: number;
  lines: LineBox[];
}

interface LaidItem {
  it: ColumnItem;
  lines: Line[];
}

/**
 * A flowing A4 document: a cursor `y` that moves down the page, a new page when the next
 * thing does not fit, page numbers from page 2 (top centre, as Decree 30 prescribes).
 */
export class Layout {
  readonly pages: PDFPage[] = [];
  page!: PDFPage;
  y = 0;

  private constructor(
    readonly doc: PDFDocument,
    readonly fonts: Fonts,
  ) {
    this.newPage();
  }

  static async create(meta: { title: string; subject?: string; date: number }): Promise<Layout> {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    // Subset: only the glyphs used; fontkit also writes a ToUnicode map so the text extracts.
    const embed = (name: Parameters<typeof fontBytes>[0]) => doc.embedFont(fontBytes(name), { subset: true });
    const [regular, bold, italic, boldItalic] = await Promise.all([
      embed('serif'),
      embed('serifBold'),
      embed('serifItalic'),
      embed('serifBoldItalic'),
    ]);
    doc.setTitle(meta.title, { showInWindowTitleBar: true });
    if (meta.subject) doc.setSubject(meta.subject);
    doc.setLanguage('vi-VN');
    doc.setCreator('taicho');
    doc.setProducer('taicho (pdf-lib)');
    // The document's own date rather than "now": the same input gives the same bytes.
    doc.setCreationDate(new Date(meta.date));
    doc.setModificationDate(new Date(meta.date));
    return new Layout(doc, { regular, bold, italic, boldItalic });
  }

  get left(): number {
    return MARGINS.left;
  }
  get width(): number {
    return PageSizes.A4[0] - MARGINS.left - MARGINS.right;
  }
  get pageIndex(): number {
    return this.pages.length - 1;
  }

  newPage(): void {
    this.page = this.doc.addPage(PageSizes.A4);
    this.pages.push(this.page);
    this.y = PageSizes.A4[1] - MARGINS.top;
  }

  /** Starts a new page unless `height` points still fit above the bottom margin. */
  ensure(height: number): void {
    if (this.y - height < MARGINS.bottom && this.y < PageSizes.A4[1] - MARGINS.top) this.newPage();
  }

  gap(points: number): void {
    this.y -= points;
  }

  /** A paragraph across the full width, breaking across pages between lines. */
  paragraph(rich: Rich, ts: TextStyle, spaceAfter = 0): LineBox[] {
    const boxes: LineBox[] = [];
    for (const line of wrap(rich, this.fonts, this.width, ts)) {
      this.ensure(lineHeight(ts));
      boxes.push(drawLine(this.page, line, this.left, this.y, this.width, ts));
      this.y -= lineHeight(ts);
    }
    this.y -= spaceAfter;
    return boxes;
  }

  /** Height a paragraph will take across the full width. */
  paragraphHeight(rich: Rich, ts: TextStyle): number {
    return wrap(rich, this.fonts, this.width, ts).length * lineHeight(ts);
  }

  /** Height of the tallest column: what `columns` needs on one page. */
  columnsHeight(cols: Column[], laid = this.layColumns(cols)): number {
    const heightOf = (items: LaidItem[]) =>
      items.reduce((h, { it, lines }) => h + ('space' in it ? it.space : (it.gapBefore ?? 0) + lines.length * lineHeight(it.ts)), 0);
    return Math.max(...laid.map(heightOf));
  }

  /** Room left on the current page above the bottom margin. */
  get room(): number {
    return this.y - MARGINS.bottom;
  }

  /** Usable height of a whole page. */
  get pageHeight(): number {
    return PageSizes.A4[1] - MARGINS.top - MARGINS.bottom;
  }

  private layColumns(cols: Column[]): LaidItem[][] {
    return cols.map((c) => c.items.map((it) => ({ it, lines: 'space' in it ? [] : wrap(it.rich, this.fonts, c.width, it.ts) })));
  }

  /** Side-by-side columns kept together on one page; the cursor ends below the tallest. */
  columns(cols: Column[]): PlacedItem[][] {
    const laid = this.layColumns(cols);
    this.ensure(this.columnsHeight(cols, laid));
    const top = this.y;
    const placed = laid.map((items, ci) => {
      let y = top;
      return items.map(({ it, lines }): PlacedItem => {
        if ('space' in it) {
          y -= it.space;
          return { top: y + it.space, bottom: y, lines: [] };
        }
        y -= it.gapBefore ?? 0;
        const start = y;
        const boxes = lines.map((line) => {
          const box = drawLine(this.page, line, this.left + cols[ci].x, y, cols[ci].width, it.ts);
          y -= lineHeight(it.ts);
          return box;
        });
        return { top: start, bottom: y, lines: boxes };
      });
    });
    this.y = Math.min(...placed.map((items) => (items.length ? items[items.length - 1].bottom : top)));
    return placed;
  }

  /** Numbers pages 2… at the top centre, then serialises without object streams (signed incrementally later). */
  async save(): Promise<Uint8Array> {
    if (this.pages.length > 1) {
      const size = 13;
      this.pages.slice(1).forEach((page, i) => {
        const label = String(i + 2);
        const w = this.fonts.regular.widthOfTextAtSize(label, size);
        page.drawText(label, { x: (PageSizes.A4[0] - w) / 2, y: PageSizes.A4[1] - MARGINS.top / 2 - size / 2, size, font: this.fonts.regular });
      });
    }
    return this.doc.save({ useObjectStreams: false });
  }
}
