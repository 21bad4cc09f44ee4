import { upper } from '../format';
import type { Column, ColumnItem, Layout } from './document';

export interface SignatureSpec {
  /** Title lines in capitals, e.g. ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] or ["NGƯỜI TIẾP NHẬN HỒ SƠ"]. */
  title: string[];
  /** Italic hint under the title, e.g. "(Ký và ghi rõ họ tên)". */
  hint?: string;
  /** Printed under the signing space; blank on forms signed by hand by whoever is at the desk. */
  name?: string;
}

/** Height left empty for a handwritten signature on the slips. */
export const SIGN_SPACE = 62;

/** One signature column: title, hint, empty space, name; the space is item index `title.length + (hint ? 1 : 0)`. */
export function signatureColumn(spec: SignatureSpec, x: number, width: number, space = SIGN_SPACE): Column {
  const items: ColumnItem[] = spec.title.map((t) => ({ rich: upper(t), ts: { size: 13, style: 'bold', align: 'center' } }));
  if (spec.hint) items.push({ rich: spec.hint, ts: { size: 12, style: 'italic', align: 'center' } });
  items.push({ space });
  items.push({ rich: spec.name ?? ' ', ts: { size: 13, style: 'bold', align: 'center' } });
  return { x, width, items };
}

/**
 * Signature places at the end of a slip: one signer on the right half, two side by side
 * (submitter left, officer right, as on the appointment slip).
 */
export function drawSignatures(layout: Layout, specs: SignatureSpec[]): void {
  layout.gap(12);
  const w = layout.width;
  const cols =
    specs.length === 1
      ? [signatureColumn(specs[0], w * 0.45, w * 0.55)]
      : specs.map((s, i) => signatureColumn(s, (w / specs.length) * i, w / specs.length));
  layout.columns(cols);
}
