import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, type PDFDocument } from 'pdf-lib';
import { ConflictError, UnprocessableError } from '../shared/errors';
import { buildAppearance, pdfDate, serifFont, type Appearance } from './appearance';
import { sha256 } from './cades';
import { createSignatureField, emptySignatureField, signatureFields, type Rect } from './fields';
import { openForUpdate, writeUpdate } from './incremental';

/**
 * Step one of every signing: an incremental update that fills (or creates) the signature
 * field, gives its widget an appearance, and adds the signature dictionary with /ByteRange
 * and a zero-filled /Contents of fixed size. The CMS is written into that hole afterwards,
 * so the bytes covered by /ByteRange never change again.
 */

export interface PlaceholderOptions {
  /** Existing empty field to fill (the result document's 'leader' / 'seal'). */
  field?: string;
  /** Where to create a field when `field` is absent: invisible on page 0 by default. */
  newField?: { name?: string; page: number; rect: Rect | 'top-right' };
  reason?: string;
  location?: string;
  /** Signer's name as /Name (optional; the certificate is authoritative). */
  name?: string;
  appearance?: Appearance;
  /** Certify with DocMDP P=2: later only form filling and signing are allowed. */
  docMdp?: boolean;
  /** Signing time claimed in /M (default now). */
  now?: Date;
  /** Bytes reserved for the CMS (default: chain + 4 KB, + 16 KB with a time-stamp). */
  reserve?: number;
  /**
   * A document time-stamp (PAdES B-LTA, ETSI.RFC3161 /DocTimeStamp) instead of a signature:
   * no /M, /Reason or /Name (the token's genTime is the time), and allowed in a new field of a
   * document certified with P=2 or 3 (ISO 32000-2 §12.8.2.2 lets DSS and document time-stamps
   * follow a certification).
   */
  documentTimestamp?: boolean;
}

export interface PreparedPdf {
  bytes: Uint8Array;
  /** Offset of '<' and just after '>' of /Contents: the only bytes not signed. */
  contentsStart: number;
  contentsEnd: number;
}

const BYTE_RANGE_PLACEHOLDER = '/ByteRange [0 0000000000 0000000000 0000000000]';
const TOP_RIGHT_MARGIN = { right: 36, top: 24 };

export function defaultReserve(certs: Uint8Array[], timestamped: boolean): number {
  return certs.reduce((n, c) => n + c.length, 0) + 4096 + (timestamped ? 16384 : 0);
}

export async function preparePlaceholder(pdf: Uint8Array, o: PlaceholderOptions, reserve: number): Promise<PreparedPdf> {
  const opened = await openForUpdate(pdf);
  const { doc } = opened;
  checkLock(doc, o);
  const changed = new Set<PDFRef>();
  const field = o.field ? emptySignatureField(doc, o.field) : await newField(doc, o, changed);
  changed.add(field.ref);
  const [x1, y1, x2, y2] = field.dict.lookup(PDFName.of('Rect'), PDFArray).asArray().map((n) => (n as PDFNumber).asNumber());
  const width = Math.abs(x2 - x1);
  const height = Math.abs(y2 - y1);
  if (o.appearance && width > 0 && height > 0) {
    const ap = await buildAppearance(doc, width, height, o.appearance);
    field.dict.set(PDFName.of('AP'), doc.context.obj({ N: ap }));
  }
  const sigRef = doc.context.nextRef();
  field.dict.set(PDFName.of('V'), sigRef);
  if (o.docMdp) {
    doc.catalog.set(PDFName.of('Perms'), doc.context.obj({ DocMDP: sigRef }));
    changed.add(doc.context.trailerInfo.Root as PDFRef);
  }
  await doc.flush();
  const dict = signatureDictionary(o, reserve);
  const head = `${sigRef.objectNumber} 0 obj\n`;
  const update = writeUpdate(opened, [...changed], new Map([[sigRef.objectNumber, Buffer.from(`${head}${dict}\nendobj\n`, 'latin1')]]));
  const at = update.offsets.get(sigRef.objectNumber)! + head.length;
  const contentsStart = at + dict.indexOf('/Contents <') + '/Contents '.length;
  const prepared = { bytes: update.bytes, contentsStart, contentsEnd: contentsStart + reserve * 2 + 2 };
  fillByteRange(prepared, at + dict.indexOf(BYTE_RANGE_PLACEHOLDER));
  return prepared;
}

function signatureDictionary(o: PlaceholderOptions, reserve: number): string {
  const text = (s: string) => PDFHexString.fromText(s.normalize('NFC')).toString();
  if (o.documentTimestamp) {
    return `<< /Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161\n${BYTE_RANGE_PLACEHOLDER}\n/Contents <${'0'.repeat(reserve * 2)}> >>`;
  }
  const parts = [
    '<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached',
    BYTE_RANGE_PLACEHOLDER,
    `/Contents <${'0'.repeat(reserve * 2)}>`,
    `/M (${pdfDate(o.now ?? new Date())})`,
  ];
  if (o.reason) parts.push(`/Reason ${text(o.reason)}`);
  if (o.location) parts.push(`/Location ${text(o.location)}`);
  if (o.name) parts.push(`/Name ${text(o.name)}`);
  if (o.docMdp) {
    // P 2: form filling and signing stay allowed, so the seal filling its pre-existing field is not a violation.
    parts.push('/Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P 2 /V /1.2 >> >>]');
  }
  return `${parts.join('\n')} >>`;
}

/** Writes the real /ByteRange over the placeholder, padded with spaces to the same length. */
function fillByteRange(p: PreparedPdf, at: number): void {
  const range = [0, p.contentsStart, p.contentsEnd, p.bytes.length - p.contentsEnd];
  const text = `/ByteRange [${range.join(' ')}]`.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' ');
  Buffer.from(p.bytes.buffer, p.bytes.byteOffset, p.bytes.length).write(text, at, 'latin1');
}

/** SHA-256 over both signed ranges (everything but /Contents' hex). */
export function byteRangeDigest(p: PreparedPdf): Uint8Array {
  const b = Buffer.from(p.bytes.buffer, p.bytes.byteOffset, p.bytes.length);
  return sha256(Buffer.concat([b.subarray(0, p.contentsStart), b.subarray(p.contentsEnd)]));
}

/** Puts the CMS into the reserved hole; refuses (never truncates) one that does not fit. */
export function embedCms(p: PreparedPdf, cms: Uint8Array): Uint8Array {
  const room = (p.contentsEnd - p.contentsStart - 2) / 2;
  if (cms.length > room) {
    throw new UnprocessableError('signature_too_large', `the signature (${cms.length} bytes) does not fit the ${room} bytes reserved in /Contents; sign again with a larger reserve`, { size: cms.length, reserved: room });
  }
  const out = new Uint8Array(p.bytes);
  Buffer.from(out.buffer).write(Buffer.from(cms).toString('hex').toUpperCase(), p.contentsStart + 1, 'latin1');
  return out;
}

async function newField(doc: PDFDocument, o: PlaceholderOptions, changed: Set<PDFRef>) {
  const spec = o.newField ?? { page: 0, rect: { x: 0, y: 0, width: 0, height: 0 } };
  const name = spec.name ?? `Signature${signatureFields(doc).size + 1}`;
  const rect = spec.rect === 'top-right' ? await topRight(doc, spec.page, o.appearance) : spec.rect;
  const created = createSignatureField(doc, { name, page: spec.page, rect });
  created.changed.forEach((r) => changed.add(r));
  return { ref: created.ref, dict: doc.context.lookup(created.ref, PDFDict) };
}

/** A box just wide enough for the appearance's text lines, at the page's top right. */
async function topRight(doc: PDFDocument, pageIndex: number, a: Appearance | undefined): Promise<Rect> {
  const page = doc.getPages()[pageIndex] ?? doc.getPages()[0];
  const size = a?.fontSize ?? 10;
  const font = await serifFont(doc);
  const box = page.getCropBox();
  const room = box.width - 2 * TOP_RIGHT_MARGIN.right;
  // On a page narrower than the line (a receipt-sized scan), break it at its " – " separators.
  const lines = (a?.lines ?? []).flatMap((l) => {
    const line = l.normalize('NFC');
    return font.widthOfTextAtSize(line, size) <= room ? [line] : line.split(' – ').map((part, i, all) => (i < all.length - 1 ? `${part} –` : part));
  });
  if (a) a.lines = lines;
  const width = Math.ceil(Math.max(0, ...lines.map((l) => font.widthOfTextAtSize(l, size)))) + 2;
  const height = Math.ceil(lines.length * size * 1.2) + 2;
  return { x: box.x + box.width - TOP_RIGHT_MARGIN.right - width, y: box.y + box.height - TOP_RIGHT_MARGIN.top - height, width, height };
}

/**
 * Respects an existing certification: P=1 forbids any change, P=2 allows filling existing
 * fields only. A DocMDP signature must be the first one in the document.
 */
function checkLock(doc: PDFDocument, o: PlaceholderOptions): void {
  const p = docMdpLevel(doc);
  if (p === 1) throw new ConflictError('document_locked', 'the document is certified with no changes allowed (DocMDP P=1): it cannot be signed again');
  if (p !== undefined && p >= 2 && !o.field && o.documentTimestamp) return;
  if (p === 2 && !o.field) throw new ConflictError('field_must_preexist', 'the document is certified (DocMDP P=2): only its existing empty signature fields may be signed');
  if (o.docMdp && [...signatureFields(doc).values()].some((f) => f.dict.get(PDFName.of('V')))) {
    throw new ConflictError('docmdp_not_first', 'a certifying (DocMDP) signature must be the first signature of the document');
  }
}

function docMdpLevel(doc: PDFDocument): number | undefined {
  const perms = doc.catalog.lookup(PDFName.of('Perms'));
  if (!(perms instanceof PDFDict)) return undefined;
  const sig = perms.lookup(PDFName.of('DocMDP'));
  if (!(sig instanceof PDFDict)) return undefined;
  const refs = sig.lookup(PDFName.of('Reference'));
  for (const r of refs instanceof PDFArray ? refs.asArray() : []) {
    const params = doc.context.lookup(r);
    const tp = params instanceof PDFDict ? params.lookup(PDFName.of('TransformParams')) : undefined;
    const level = tp instanceof PDFDict ? tp.lookup(PDFName.of('P')) : undefined;
    if (level instanceof PDFNumber) return level.asNumber();
  }
  return 2; // §12.8.2.2: P defaults to 2
}
