import { placeDate, titleLines } from './format';
import { Layout, mm, type Column, type PlacedItem } from './layout/document';
import { drawHeader, drawTitle } from './layout/header';
import { signatureColumn } from './layout/signature';
import type { TextStyle } from './layout/text';
import { resultDocumentSchema, type Box, type ResultDocument, type ResultDocumentInput } from './types';
import { parseInput } from './validate';

/** Leader's signature box and the seal's, in points (Decree 30/2020 Appendix I). */
export const LEADER_BOX = { width: 150, height: 70 };
export const SEAL_BOX = { width: 100, height: 100 };
/** Empty height between the signer's title and name: the seal plus a little air. */
const SIGN_SPACE = SEAL_BOX.height + 12;
const BODY: TextStyle = { size: 14, align: 'justify', indent: mm(10), leading: 1.25 };
const RIGHT_SHARE = 0.55;
/** Space between the body and the signature block. */
const GAP = 10;

/**
 * Kết quả giải quyết: the document a specialist produces when accepting a dossier. Agency
 * header, number, title, body paragraphs (flowing over pages), then the recipients at the
 * bottom left and the signature block at the right, whose empty area is returned as the two
 * boxes where the signing module puts the leader's signature and, over its left third, the seal.
 */
export async function resultDocument(input: ResultDocumentInput): Promise<ResultDocument> {
  const p = parseInput(resultDocumentSchema, input, 'result document');
  const date = p.issuedAt ?? Date.now();
  const layout = await Layout.create({ title: p.subtitle ? `${p.title} ${p.subtitle}` : p.title, subject: p.agency.name, date });
  drawHeader(layout, {
    superior: p.agency.parentName,
    issuer: p.agency.name,
    numberLine: `Số: ${p.number}`,
    placeDate: placeDate(p.agency.place, date),
  });
  drawTitle(layout, p.title, p.subtitle);
  if (p.dossierCode) layout.paragraph(`(Mã hồ sơ: ${p.dossierCode})`, { size: 13, style: 'italic', align: 'center' }, 8);
  const w = layout.width;
  const signer = signatureColumn({ title: titleLines(p.signer.title), name: p.signer.name }, w * (1 - RIGHT_SHARE), w * RIGHT_SHARE, SIGN_SPACE);
  const final = [recipientsColumn(p.recipients ?? ['Như trên', 'Lưu: VT'], w * (1 - RIGHT_SHARE) - 6), signer];

  const paras = p.body.map((para, i) => (i === p.body.length - 1 ? `${para.replace(/[.;]$/, '')}./.` : para));
  paras.forEach((para, i) => {
    if (i === paras.length - 1) keepWithSignature(layout, layout.paragraphHeight(para, BODY) + 6 + GAP + layout.columnsHeight(final));
    layout.paragraph(para, BODY, 6);
  });
  layout.gap(GAP);
  const placed = layout.columns(final);
  return { pdf: await layout.save(), signatureBoxes: boxes(layout, signer, placed[1]) };
}

/**
 * Decree 30 does not let the signature stand alone on a page: when the last paragraph and the
 * signature block do not fit together, both move to the next page (if together they fit on one).
 */
function keepWithSignature(layout: Layout, height: number): void {
  if (height > layout.room && height <= layout.pageHeight) layout.newPage();
}

/** Nơi nhận: bold italic label, then "- …;" lines at 11 pt, the last ending with a full stop. */
function recipientsColumn(list: string[], width: number): Column {
  const items = list.map((r, i) => ({ rich: `- ${r.replace(/[;.]$/, '')}${i === list.length - 1 ? '.' : ';'}`, ts: { size: 11, leading: 1.1 } }));
  return { x: 0, width, items: [{ rich: 'Nơi nhận:', ts: { size: 12, style: 'boldItalic' } }, ...items] };
}

/**
 * The leader's box centred in the empty space of the signature column; the seal's box centred
 * on the same line but shifted left so that it covers the leader's left third.
 */
function boxes(layout: Layout, col: Column, placed: PlacedItem[]): { leader: Box; seal: Box } {
  const space = placed[col.items.findIndex((it) => 'space' in it)];
  const cx = layout.left + col.x + col.width / 2;
  const cy = (space.top + space.bottom) / 2;
  const page = layout.pageIndex;
  const leader = { page, x: cx - LEADER_BOX.width / 2, y: cy - LEADER_BOX.height / 2, ...LEADER_BOX };
  const seal = { page, x: leader.x + LEADER_BOX.width / 3 - SEAL_BOX.width, y: cy - SEAL_BOX.height / 2, ...SEAL_BOX };
  return { leader, seal };
}
