import { DEFAULT_UNIT, dateTime, placeDate, titleLines } from './format';
import { Layout } from './layout/document';
import { drawHeader, drawTitle } from './layout/header';
import { drawSignatures, type SignatureSpec } from './layout/signature';
import type { Rich, Run, TextStyle } from './layout/text';
import type { ParsedAgency, ParsedDossierRef, ParsedSigner } from './types';

/**
 * What every one-stop slip shares: the unit's header (agency above "BỘ PHẬN MỘT CỬA"), the
 * title, labelled fields, the dossier facts and the signature places. The slip modules only
 * say what is specific to their form.
 */

export const BODY: TextStyle = { size: 13, align: 'justify' };
const FIELD_GAP = 2;

export const unitOf = (agency: ParsedAgency): string => agency.unitName ?? DEFAULT_UNIT;

/** "Bộ phận Một cửa UBND phường Ba Đình": who speaks in the slips' sentences. */
export const speaker = (agency: ParsedAgency): string => `${unitOf(agency)} ${agency.name}`;

export interface SlipFrame {
  agency: ParsedAgency;
  title: string;
  subtitle?: string;
  number?: string;
  /** Date of the slip (epoch ms), printed in the header and used as the PDF's date. */
  date: number;
}

/** A new A4 document with the slip header and title drawn; the cursor is ready for the body. */
export async function openSlip(f: SlipFrame): Promise<Layout> {
  const layout = await Layout.create({ title: f.subtitle ? `${f.title} ${f.subtitle}` : f.title, subject: f.agency.name, date: f.date });
  drawHeader(layout, {
    superior: f.agency.name,
    issuer: unitOf(f.agency),
    numberLine: f.number ? `Số: ${f.number}` : undefined,
    placeDate: placeDate(f.agency.place, f.date),
  });
  drawTitle(layout, f.title, f.subtitle);
  return layout;
}

/** "Label: value" as one justified paragraph; the value in bold when it is what the reader looks for. */
export function field(layout: Layout, label: string, value: string, bold = false): void {
  const runs: Run[] = [{ text: `${label}: ` }, { text: value, style: bold ? 'bold' : 'regular' }];
  layout.paragraph(runs, { ...BODY, align: 'left' }, FIELD_GAP);
}

export function para(layout: Layout, rich: Rich, indent = 0): void {
  layout.paragraph(rich, { ...BODY, indent }, FIELD_GAP + 2);
}

/** A numbered list ("1. …"), each item wrapped on its own. */
export function numbered(layout: Layout, items: string[]): void {
  items.forEach((item, i) => layout.paragraph(`${i + 1}. ${item}`, { ...BODY, indent: 28 }, FIELD_GAP));
}

/** "Lý do: …", the reason every notice must state. */
export function reason(layout: Layout, text: string): void {
  layout.paragraph([{ text: 'Lý do: ', style: 'bold' }, { text }], { ...BODY, indent: 28 }, 4);
}

/** "Kính gửi: Ông/Bà …", the salutation of the notices. */
export function salutation(layout: Layout, name: string): void {
  layout.paragraph([{ text: 'Kính gửi: ' }, { text: `Ông/Bà ${name}`, style: 'bold' }], { size: 13, align: 'center' }, 6);
}

/** Code, applicant, matter and reception time: how the notices identify the dossier. */
export function dossierFacts(layout: Layout, d: ParsedDossierRef): void {
  field(layout, 'Mã hồ sơ', d.code, true);
  field(layout, 'Người yêu cầu giải quyết', `${d.applicant.name}, số định danh cá nhân ${d.applicant.idNumber}`);
  if (d.applicant.address) field(layout, 'Địa chỉ', d.applicant.address);
  field(layout, 'Nội dung yêu cầu giải quyết', d.procedureName);
  field(layout, 'Thời gian tiếp nhận', dateTime(d.receivedAt));
}

/** The signer given in the input, or the form's default title with an empty name. */
export function signerSpec(given: ParsedSigner | undefined, fallback: SignatureSpec): SignatureSpec {
  if (!given) return fallback;
  return { title: titleLines(given.title), hint: fallback.hint, name: given.name };
}

export function finish(layout: Layout, signers: SignatureSpec[]): Promise<Uint8Array> {
  drawSignatures(layout, signers);
  return layout.save();
}

export const SIGN_HINT = '(Ký và ghi rõ họ tên)';
