import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { createTestPki, scratchDir, TEST_PIN, type DevPki } from '../pki';
import { addSignatureFields } from './fields';
import { LocalKeySigner } from './signer';

/**
 * Test fixtures for src/signing: a throw-away PKI (src/pki's, ECDSA P-256), the leader's and
 * the agency's signers, a result-like PDF with the two empty fields where src/slips puts them,
 * and a parser that pulls each signature's CMS and signed bytes out for openssl.
 */

export const AGENCY = 'Ủy ban nhân dân phường Bến Thành';
export const LEADER_NAME = 'Nguyễn Văn Hùng';
/** As src/slips' LEADER_BOX / SEAL_BOX: the seal covers the leader's left third. */
export const LEADER_RECT = { x: 340, y: 200, width: 150, height: 70 };
export const SEAL_RECT = { x: 340 + 150 / 3 - 100, y: 185, width: 100, height: 100 };

export interface SigningFixture {
  pki: DevPki;
  dir: string;
  leader: LocalKeySigner;
  seal: LocalKeySigner;
  /** PEM file with the root certificate (for openssl -CAfile). */
  rootPem: string;
  p12(role: 'leader' | 'seal', username?: string): string;
}

export async function signingFixture(): Promise<SigningFixture> {
  const pki = await createTestPki();
  const dir = scratchDir('signing');
  const p12 = (role: 'leader' | 'seal', username?: string) => pki.credentialPath(role, username);
  const rootPem = path.join(dir, 'root.pem');
  writeFileSync(rootPem, pem(pki.certificate('root-ca')));
  return {
    pki,
    dir,
    rootPem,
    p12,
    leader: await LocalKeySigner.fromP12(readFileSync(p12('leader', 'chutich')), TEST_PIN),
    seal: await LocalKeySigner.fromP12(readFileSync(p12('seal')), TEST_PIN),
  };
}

export function pem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`.replace('\n\n', '\n');
}

/** A Vietnamese text page (or many), saved classic (no object/xref streams) unless asked. */
export async function textPdf(pages = 1, o: { objectStreams?: boolean } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([595, 842]);
    page.drawText(`Quyet dinh so 123/QD-UBND - trang ${i + 1}`, { x: 60, y: 760, size: 14, font });
  }
  return doc.save({ useObjectStreams: o.objectStreams ?? false });
}

export async function resultPdf(pages = 1): Promise<Uint8Array> {
  return addSignatureFields(await textPdf(pages), [
    { name: 'leader', page: pages - 1, rect: LEADER_RECT },
    { name: 'seal', page: pages - 1, rect: SEAL_RECT },
  ]);
}

export interface ExtractedSignature {
  byteRange: number[];
  cms: Uint8Array;
  signedBytes: Uint8Array;
}

/** Every /ByteRange … /Contents <…> pair in file order (our dictionaries write them adjacent). */
export function extractSignatures(pdf: Uint8Array): ExtractedSignature[] {
  const text = Buffer.from(pdf).toString('latin1');
  const out: ExtractedSignature[] = [];
  for (const m of text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]\s*\/Contents\s*<([0-9A-Fa-f]+)>/g)) {
    const r = m.slice(1, 5).map(Number);
    out.push({
      byteRange: r,
      cms: derPrefix(Buffer.from(m[5], 'hex')),
      signedBytes: Buffer.concat([pdf.subarray(r[0], r[0] + r[1]), pdf.subarray(r[2], r[2] + r[3])]),
    });
  }
  return out;
}

/** The DER element at the start of the zero-padded /Contents, by its own length header. */
function derPrefix(b: Buffer): Uint8Array {
  const first = b[1];
  const [len, head] = first < 0x80 ? [first, 2] : [b.readUIntBE(2, first & 0x7f), 2 + (first & 0x7f)];
  return new Uint8Array(b.subarray(0, head + len));
}

export function writeIn(dir: string, name: string, bytes: Uint8Array | string): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

export { TEST_PIN };
