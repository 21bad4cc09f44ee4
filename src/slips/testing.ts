import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { tmpdir } from 'node:os';
import { runTool } from '../../test/support/tools';
import { fromLocal } from '../shared/time';
import type { Agency, DossierRef, SlipDossier } from './types';

/** Shared fixtures and oracles for the slip tests (real Vietnamese, fixed Asia/Ho_Chi_Minh times). */

export const agency: Agency = {
  code: 'H26.39',
  name: 'UBND phường Ba Đình',
  parentName: 'UBND thành phố Hà Nội',
  address: 'Số 10 phố Đội Cấn, phường Ba Đình, thành phố Hà Nội',
  phone: '024 3823 4567',
  place: 'Hà Nội',
};

export const applicant = {
  name: 'Nguyễn Thị Ánh Tuyết',
  idNumber: '001186012345',
  phone: '0912 345 678',
  address: 'Số 5 ngõ 12 phố Đặng Dung, phường Ba Đình, thành phố Hà Nội',
};

export const RECEIVED = fromLocal(2026, 11, 23, 8, 30);
export const DUE = fromLocal(2026, 11, 25, 16, 0);

export const dossierRef: DossierRef = {
  code: 'H26.39-261123-0007',
  procedureName: 'Đăng ký khai sinh kết hợp đăng ký thường trú cho trẻ em dưới 14 tuổi',
  applicant,
  receivedAt: RECEIVED,
  dueAt: DUE,
};

export const dossier: SlipDossier = {
  ...dossierRef,
  submitter: { name: 'Trần Văn Đức', idNumber: '001090054321', phone: '0987 654 321' },
  processingDays: 3,
  channel: 'direct',
  documents: [
    { name: 'Tờ khai đăng ký khai sinh', kind: 'original', copies: 1 },
    { name: 'Giấy chứng sinh do cơ sở y tế cấp', kind: 'original', copies: 1 },
    { name: 'Giấy chứng nhận kết hôn của cha, mẹ', kind: 'certified_copy', copies: 1 },
    { name: 'Văn bản ủy quyền nộp hồ sơ (có chứng thực chữ ký của người ủy quyền)', kind: 'copy', copies: 2 },
  ],
  sets: 1,
  receivedBy: { name: 'Lê Thị Hằng' },
  lookupUrl: 'https://dichvucong.badinh.hanoi.gov.vn/tra-cuu/H26.39-261123-0007',
};

/** pdftotext -layout output of the PDF, NFC. */
export function pdfText(pdf: Uint8Array, extra: string[] = []): string {
  const r = runTool('pdftotext', ['-enc', 'UTF-8', ...extra, '-', '-'], pdf);
  if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr}`);
  return r.stdout.normalize('NFC');
}

/** Whitespace collapsed, lower case: for finding phrases that wrap across lines. */
export const flat = (s: string): string => s.replace(/\s+/g, ' ').toLocaleLowerCase('vi');

/** Runs `fn` with the PDF written to a temporary file (for tools that cannot read stdin). */
export function withTempPdf<T>(pdf: Uint8Array, fn: (path: string, dir: string) => T): T {
  const dir = mkdtempSync(`${tmpdir()}/slip-`);
  try {
    writeFileSync(`${dir}/p.pdf`, pdf);
    return fn(`${dir}/p.pdf`, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function qpdfCheck(pdf: Uint8Array): { status: number; stdout: string; stderr: string } {
  return withTempPdf(pdf, (path) => runTool('qpdf', ['--check', path]));
}

/** Writes page 1 as PNG next to the test output for a human look (SLIPS_PNG_DIR=/tmp/x). */
export function snapshotPng(pdf: Uint8Array, name: string): void {
  const dir = process.env.SLIPS_PNG_DIR;
  if (!dir) return;
  writeFileSync(`${dir}/${name}.pdf`, pdf);
  runTool('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', `${dir}/${name}.pdf`, `${dir}/${name}`]);
}

export interface WordBox {
  text: string;
  page: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Word boxes from `pdftotext -bbox`, converted to PDF user space (origin bottom left). */
export function wordBoxes(pdf: Uint8Array): WordBox[] {
  const html = runTool('pdftotext', ['-bbox', '-enc', 'UTF-8', '-', '-'], pdf).stdout;
  const words: WordBox[] = [];
  let page = -1;
  let height = 0;
  for (const m of html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
    if (m[1]) {
      page++;
      height = Number(m[2]);
      continue;
    }
    const [xMin, yMin, xMax, yMax] = [m[3], m[4], m[5], m[6]].map(Number);
    words.push({ text: m[7].normalize('NFC'), page, xMin, xMax, yMin: height - yMax, yMax: height - yMin });
  }
  return words;
}

/** Renders page 1 with pdftoppm at `dpi` and returns raw RGBA pixels (for the QR decoder). */
export async function pageRgba(pdf: Uint8Array, dpi: number): Promise<{ data: Uint8ClampedArray; width: number; height: number }> {
  const png = withTempPdf(pdf, (path, dir) => {
    const r = runTool('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', path, `${dir}/p`]);
    if (r.status !== 0) throw new Error(`pdftoppm failed: ${r.stderr}`);
    return readFileSync(`${dir}/p.png`);
  });
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}
