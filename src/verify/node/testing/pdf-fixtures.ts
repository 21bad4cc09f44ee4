import { execFileSync } from 'node:child_process';
import { createHash, sign as cryptoSign } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import * as asn1js from 'asn1js';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import * as pkijs from 'pkijs';
import { fontBytes } from '../../../shared/fonts';
import { analyseCoverage, coveredParts } from '../../byte-range';
import { toAB } from '../../crypto/certificate';
import { OID } from '../../crypto/cms';
import { PdfDocument } from '../../pdf/document';
import { signatureFields } from '../../pdf/fields';
import { isRef, isStr, latin1 } from '../../pdf/objects';
import type { SignerName, TestPki } from './test-pki';

/**
 * Signed PDFs and their broken variants for the verifier's tests: base documents from pdf-lib,
 * signatures from `pdfsig -add-signature` (poppler + NSS, not our code), and byte-level edits
 * (flipped byte, appended revisions, truncation, a time-stamp token spliced into the CMS).
 */
export async function basePdf(o: { pages?: number; objectStreams?: boolean } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const serif = await doc.embedFont(fontBytes('serif'), { subset: true });
  const helv = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < (o.pages ?? 1); i++) {
    const page = doc.addPage([595, 842]);
    page.drawText('QUYẾT ĐỊNH cấp giấy phép xây dựng', { x: 50, y: 780, size: 16, font: serif });
    page.drawText(`Trang ${i + 1}: Ông Nguyễn Văn Hùng, phường Bến Thành`, { x: 50, y: 750, size: 12, font: serif });
    page.drawText('Le phi: 150.000 dong', { x: 50, y: 720, size: 12, font: helv });
  }
  return doc.save({ useObjectStreams: o.objectStreams ?? true });
}

const tmp = () => mkdtempSync(path.join(tmpdir(), 'taicho-verify-'));

/** adbe.pkcs7.detached only: pdfsig 22.12 does not support -etsi with -add-signature. */
export function pdfsigSign(pki: TestPki, pdf: Uint8Array, signer: SignerName, field: string): Uint8Array {
  const d = tmp();
  writeFileSync(path.join(d, 'in.pdf'), pdf);
  const args = ['-add-signature', '-nssdir', `sql:${pki.nssDir}`, '-nick', signer, '-new-signature-field-name', field, '-reason', 'Phe duyet ho so'];
  // pdfsig 22.12 fails ("unable update signature") on a non-ASCII -reason, hence the plain text above.
  // With an EC key pdfsig's trial signature may be shorter than the real one: retry.
  for (let attempt = 1; ; attempt++) {
    try {
      execFileSync('pdfsig', [...args, path.join(d, 'in.pdf'), path.join(d, 'out.pdf')], { stdio: ['ignore', 'pipe', 'pipe'] });
      return new Uint8Array(readFileSync(path.join(d, 'out.pdf')));
    } catch (e) {
      if (attempt >= 8 || !String((e as { stderr?: Buffer }).stderr).includes('unable update signature')) throw e;
    }
  }
}

export function flipByte(pdf: Uint8Array, offset: number): Uint8Array {
  const out = Uint8Array.from(pdf);
  out[offset] ^= 0x01;
  return out;
}

/** An incremental update (classic xref table) that (re)defines the given objects. */
export function appendRevision(pdf: Uint8Array, objects: { num: number; body: string }[]): Uint8Array {
  const doc = new PdfDocument(pdf);
  const last = doc.revisions[doc.last];
  const trailer = last.trailer.map;
  const size = Math.max(Number(trailer.get('Size') ?? 0), ...objects.map((o) => o.num + 1));
  let out = pdf[pdf.length - 1] === 10 ? '' : '\n';
  const offsets: [number, number][] = [];
  for (const o of objects) {
    offsets.push([o.num, pdf.length + Buffer.byteLength(out, 'latin1')]);
    out += `${o.num} 0 obj\n${o.body}\nendobj\n`;
  }
  const xref = pdf.length + Buffer.byteLength(out, 'latin1');
  out += 'xref\n';
  for (const [num, off] of offsets.sort((a, b) => a[0] - b[0])) out += `${num} 1\n${String(off).padStart(10, '0')} 00000 n \n`;
  const root = trailer.get('Root');
  const info = trailer.get('Info');
  const ref = (v: unknown) => (isRef(v as never) ? `${(v as { num: number }).num} ${(v as { gen: number }).gen} R` : '');
  out += `trailer\n<< /Size ${size} /Root ${ref(root)}${info ? ` /Info ${ref(info)}` : ''} /Prev ${last.startxref} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(out, 'latin1')]);
}

/** Object number and Helvetica resource name of page 1's content, for an edit that changes what it says. */
export function firstPage(pdf: Uint8Array): { page: number; pageBody: string; contents: number } {
  const doc = new PdfDocument(pdf);
  const kids = doc.resolve(doc.dict(doc.catalog()?.map.get('Pages'))?.map.get('Kids'));
  const pageRef = Array.isArray(kids) ? kids[0] : undefined;
  if (!isRef(pageRef)) throw new Error('no page');
  const off = doc.entry(pageRef.num);
  const page = doc.dict(pageRef)!;
  const c = page.map.get('Contents');
  const contents = isRef(c) ? c.num : Array.isArray(c) && isRef(c[0]) ? c[0].num : -1;
  // Re-serialise the page dictionary from its bytes when it is not compressed.
  let pageBody = '';
  if (off?.type === 'n') {
    const text = latin1(pdf, off.offset, Math.min(pdf.length, off.offset + 4000));
    pageBody = text.slice(text.indexOf('<<'), text.indexOf('endobj')).trim();
  }
  return { page: pageRef.num, pageBody, contents };
}

export function helveticaKey(pdf: Uint8Array): string {
  const doc = new PdfDocument(pdf);
  const kids = doc.resolve(doc.dict(doc.catalog()?.map.get('Pages'))?.map.get('Kids'));
  const page = doc.dict(Array.isArray(kids) ? kids[0] : undefined)!;
  const fonts = doc.dict(doc.dict(page.map.get('Resources'))?.map.get('Font'));
  for (const [k, v] of fonts?.map ?? []) {
    const base = doc.dict(v)?.map.get('BaseFont');
    if (base && typeof base === 'object' && !Array.isArray(base) && base.t === 'name' && base.v === 'Helvetica') return k;
  }
  throw new Error('no Helvetica on page 1');
}

export function contentStream(text: string, fontKey: string): string {
  const ops = `BT /${fontKey} 12 Tf 50 720 Td (${text}) Tj ET`;
  return `<< /Length ${ops.length} >>\nstream\n${ops}\nendstream`;
}

/**
 * Replaces a pdfsig signature's CMS with one made here over the same ByteRange, signed by an
 * EC key and carrying an RFC 3161 token (from `tokenFor(signatureValue)`) as the
 * signature-time-stamp attribute. pdfsig cannot add time-stamps, and its /Contents is sized
 * for its own CMS, so the smaller EC signature leaves room for the token.
 */
export function resignWithTimestamp(pdf: Uint8Array, keyPem: string, certDer: Uint8Array, tokenFor: (signatureValue: Uint8Array) => Uint8Array): Uint8Array {
  const doc = new PdfDocument(pdf);
  const sig = signatureFields(doc).at(-1)!.value!;
  const contents = sig.map.get('Contents');
  if (!isStr(contents)) throw new Error('no /Contents');
  const signed = Buffer.concat(coveredParts(doc, analyseCoverage(doc, sig)));
  const cert = pkijs.Certificate.fromBER(toAB(certDer));
  const attr = (type: string, value: asn1js.AsnType) => new pkijs.Attribute({ type, values: [value] });
  // In DER order (SET OF sorted by encoding): contentType, signingTime, messageDigest.
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      attr(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.data })),
      attr(OID.signingTime, new asn1js.UTCTime({ valueDate: new Date() })),
      attr(OID.messageDigest, new asn1js.OctetString({ valueHex: toAB(sha256(signed)) })),
    ],
  });
  const toSign = new Uint8Array(signedAttrs.toSchema().toBER());
  toSign[0] = 0x31;
  const value = new Uint8Array(cryptoSign('sha256', toSign, keyPem));
  const sha256Alg = new pkijs.AlgorithmIdentifier({ algorithmId: '2.16.840.1.101.3.4.2.1' });
  const si = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: sha256Alg,
    signedAttrs,
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.840.10045.4.3.2' }),
    signature: new asn1js.OctetString({ valueHex: toAB(value) }),
    unsignedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 1, attributes: [attr(OID.signatureTimeStamp, asn1js.fromBER(toAB(tokenFor(value))).result)] }),
  });
  const sd = new pkijs.SignedData({ version: 1, digestAlgorithms: [sha256Alg], encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }), certificates: [cert], signerInfos: [si] });
  const der = new Uint8Array(new pkijs.ContentInfo({ contentType: OID.signedData, content: sd.toSchema(true) }).toSchema().toBER());
  const room = contents.end - contents.start - 2;
  const hex = Buffer.from(der).toString('hex');
  if (hex.length > room) throw new Error(`time-stamped CMS (${hex.length} hex digits) does not fit in /Contents (${room})`);
  const out = Uint8Array.from(pdf);
  out.set(Buffer.from(hex.padEnd(room, '0'), 'latin1'), contents.start + 1);
  return out;
}

export const sha256 = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());
