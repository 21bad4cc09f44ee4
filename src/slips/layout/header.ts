import { rgb } from 'pdf-lib';
import { upper } from '../format';
import type { Layout, PlacedItem } from './document';
import type { LineBox, TextStyle } from './text';

/** The national motto (Quốc hiệu và Tiêu ngữ). */
export const MOTTO = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const MOTTO_2 = 'Độc lập - Tự do - Hạnh phúc';

export interface HeaderSpec {
  /** Superior body, regular capitals (e.g. "UBND PHƯỜNG BA ĐÌNH" above "BỘ PHẬN MỘT CỬA"). */
  superior?: string;
  /** Issuing body, bold capitals, underlined by a short rule. */
  issuer: string;
  /** Số, ký hiệu ("Số: 125/QĐ-UBND") or a dossier code line; omitted when absent. */
  numberLine?: string;
  /** "Hà Nội, ngày 23 tháng 11 năm 2026". */
  placeDate: string;
}

/** Left column share of the text width: the motto needs the rest on one line at 12 pt. */
const LEFT = 0.4;
const SIZE = 12.5;

/** A centred rule `drop` points under a line's baseline, `fraction` of its length. */
function rule(layout: Layout, line: LineBox | undefined, fraction: number, drop = 5): void {
  if (!line) return;
  const len = line.width * fraction;
  const y = line.baseline - drop;
  const x = line.x + (line.width - len) / 2;
  layout.page.drawLine({ start: { x, y }, end: { x: x + len, y }, thickness: 0.6, color: rgb(0, 0, 0) });
}

const last = (p: PlacedItem | undefined) => p?.lines[p.lines.length - 1];

/**
 * Decree 30/2020 header: agency at the top left, motto at the top right (both rules drawn
 * under the bold lines), then the number on the left and the place and date, in italics, on the right.
 */
export function drawHeader(layout: Layout, spec: HeaderSpec): void {
  const lw = layout.width * LEFT;
  const rw = layout.width - lw;
  const center = (size: number, style: TextStyle['style']): TextStyle => ({ size, style, align: 'center', leading: 1.15 });
  const leftItems = [
    ...(spec.superior ? [{ rich: upper(spec.superior), ts: center(SIZE, 'regular') }] : []),
    { rich: upper(spec.issuer), ts: center(SIZE, 'bold') },
  ];
  const [left, right] = layout.columns([
    { x: 0, width: lw, items: leftItems },
    { x: lw, width: rw, items: [{ rich: MOTTO, ts: center(SIZE, 'bold') }, { rich: MOTTO_2, ts: center(13, 'bold') }] },
  ]);
  rule(layout, last(left[left.length - 1]), 0.4);
  rule(layout, last(right[1]), 1);
  layout.gap(8);
  layout.columns([
    { x: 0, width: lw, items: spec.numberLine ? [{ rich: spec.numberLine, ts: center(13, 'regular') }] : [] },
    { x: lw, width: rw, items: [{ rich: spec.placeDate, ts: center(13, 'italic') }] },
  ]);
}

/** Title in bold capitals, centred, with an optional trích yếu line and a short rule below. */
export function drawTitle(layout: Layout, title: string, subtitle?: string): void {
  layout.gap(16);
  const ts: TextStyle = { size: 14, style: 'bold', align: 'center', leading: 1.2 };
  layout.paragraph(upper(title), ts);
  if (!subtitle) return layout.gap(6);
  const sub = layout.paragraph(subtitle, ts);
  rule(layout, sub[sub.length - 1], 0.35, 9);
  layout.gap(14);
}
