import { rgb } from 'pdf-lib';
import type { Layout } from './document';
import { drawLine, lineHeight, wrap, type Align, type Line, type Rich, type TextStyle } from './text';

export interface TableColumn {
  header: string;
  /** Share of the text width; the shares are normalised, so 1, 4, 2 works as well as percentages. */
  share: number;
  align?: Align;
}

const PAD_X = 4;
const PAD_Y = 3;
const BORDER = { thickness: 0.6, color: rgb(0, 0, 0) };

/**
 * A ruled table across the text width. Cells wrap inside their column; a row never splits,
 * and the header row is repeated at the top of every page the table continues on.
 */
export function table(layout: Layout, columns: TableColumn[], rows: Rich[][], size = 12): void {
  const total = columns.reduce((s, c) => s + c.share, 0);
  const widths = columns.map((c) => (layout.width * c.share) / total);
  const body: TextStyle = { size, leading: 1.15 };
  const head: TextStyle = { size, leading: 1.15, style: 'bold', align: 'center' };

  const layRow = (cells: Rich[], ts: TextStyle) => {
    const lines = cells.map((cell, i) => wrap(cell, layout.fonts, widths[i] - 2 * PAD_X, ts));
    const height = Math.max(...lines.map((l) => l.length)) * lineHeight(ts) + 2 * PAD_Y;
    return { lines, height, ts };
  };
  const header = layRow(
    columns.map((c) => c.header),
    head,
  );

  const drawRow = (row: { lines: Line[][]; height: number; ts: TextStyle }, aligns: (Align | undefined)[]) => {
    const top = layout.y;
    let x = layout.left;
    row.lines.forEach((lines, i) => {
      let y = top - PAD_Y;
      for (const line of lines) {
        drawLine(layout.page, line, x + PAD_X, y, widths[i] - 2 * PAD_X, { ...row.ts, align: aligns[i] ?? row.ts.align });
        y -= lineHeight(row.ts);
      }
      layout.page.drawRectangle({ x, y: top - row.height, width: widths[i], height: row.height, borderWidth: BORDER.thickness, borderColor: BORDER.color });
      x += widths[i];
    });
    layout.y -= row.height;
  };

  const headerAligns = columns.map(() => 'center' as const);
  layout.ensure(header.height + (rows.length ? layRow(rows[0], body).height : 0));
  drawRow(header, headerAligns);
  for (const cells of rows) {
    const row = layRow(cells, body);
    const page = layout.pageIndex;
    layout.ensure(row.height);
    if (layout.pageIndex !== page) drawRow(header, headerAligns);
    drawRow(
      row,
      columns.map((c) => c.align),
    );
  }
}
