import sharp from 'sharp';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** A small scan-like PNG: black text lines on white (made with sharp from SVG). */
export async function pngScan(text = 'Đơn đề nghị'): Promise<Uint8Array<ArrayBuffer>> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="120"><rect width="100%" height="100%" fill="white"/><text x="20" y="70" font-size="32" font-family="Liberation Serif">${text}</text></svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

export async function jpegScan(): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await sharp(Buffer.from(await pngScan('Giấy chứng sinh'))).jpeg().toBuffer());
}

export async function tiffScan(): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await sharp(Buffer.from(await pngScan('Bản vẽ'))).tiff().toBuffer());
}

export async function simplePdf(): Promise<Uint8Array<ArrayBuffer>> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([300, 200]);
  page.drawText('Ban ve tach thua', { x: 20, y: 100, font: await doc.embedFont(StandardFonts.Helvetica), size: 14 });
  return new Uint8Array(await doc.save());
}

/** A valid CCCD: Hà Nội (001), male born 1985. */
export const CCCD = '001085012345';

export interface ReceptionForm {
  procedureCode?: string;
  applicantName?: string;
  applicantId?: string;
  applicantPhone?: string;
  applicantAddress?: string;
  channel?: string;
  files?: { name: string; bytes: Uint8Array; type?: string }[];
  documents?: unknown;
}

export async function receptionForm(f: ReceptionForm = {}): Promise<FormData> {
  const form = new FormData();
  form.set('procedureCode', f.procedureCode ?? '1.001193');
  form.set('applicantName', f.applicantName ?? 'Nguyễn Thị Ánh Tuyết');
  form.set('applicantId', f.applicantId ?? CCCD);
  form.set('applicantPhone', f.applicantPhone ?? '0912 345 678');
  form.set('applicantAddress', f.applicantAddress ?? 'Số 5 ngõ Hàng Bột, phường Văn Miếu - Quốc Tử Giám, Hà Nội');
  form.set('channel', f.channel ?? 'direct');
  if (f.documents) form.set('documents', JSON.stringify(f.documents));
  const files = f.files ?? [{ name: 'to-khai.png', bytes: await pngScan() }];
  for (const file of files) form.append('files', new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'application/octet-stream' }), file.name);
  return form;
}
