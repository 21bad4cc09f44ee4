import { PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFObject } from 'pdf-lib';
import { UnprocessableError } from '../shared/errors';

/**
 * Incremental update writer (ISO 32000-1 §7.5.6): appends only the objects given, then a
 * cross-reference section whose trailer points back with /Prev. The bytes before stay
 * untouched, so earlier signatures keep covering exactly what they signed.
 *
 * Why not @cantoo/pdf-lib's saveIncremental (read in node_modules, 2.11.1): it picks an xref
 * stream or a classic table from the header version and `useObjectStreams` (≥ 1.5 → stream
 * writer with object streams), not from the kind of the previous section; changed objects
 * must be marked on its snapshot one by one anyway; and `prepareForSave` runs document-wide
 * steps first. Writing the section here is ~100 lines and exact: a classic table after a
 * classic file, an xref stream after an xref-stream file (a reader that follows /Prev from a
 * stream section needs stream support already; a hybrid /XRefStm belongs to a classic
 * trailer, so it buys nothing here), and nothing but the objects we changed or created.
 */

export interface OpenedPdf {
  bytes: Uint8Array;
  doc: PDFDocument;
  /** Objects numbered above this are new in this update. */
  firstNewObject: number;
  prevStartXref: number;
  prevIsXrefStream: boolean;
}

export async function openForUpdate(bytes: Uint8Array): Promise<OpenedPdf> {
  const { offset, isStream } = lastXref(bytes);
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: false });
  } catch (e) {
    throw new UnprocessableError('bad_pdf', `the PDF cannot be read: ${(e as Error).message}`);
  }
  // pdf-lib drops object and xref streams from its context after unpacking them, so its
  // largest number can be below numbers still in use: never reuse one below /Size.
  doc.context.largestObjectNumber = Math.max(doc.context.largestObjectNumber, previousSize(bytes, offset) - 1);
  return { bytes, doc, firstNewObject: doc.context.largestObjectNumber + 1, prevStartXref: offset, prevIsXrefStream: isStream };
}

/** /Size of the last section: its trailer's (classic) or its stream dictionary's. */
function previousSize(bytes: Uint8Array, xrefOffset: number): number {
  const m = /\/Size\s+(\d+)/.exec(latin1(bytes, xrefOffset, bytes.length));
  if (!m) throw new UnprocessableError('bad_pdf', 'the last cross-reference section has no /Size');
  return Number(m[1]);
}

const latin1 = (b: Uint8Array, from: number, to: number) => Buffer.from(b.buffer, b.byteOffset + from, to - from).toString('latin1');

/** Offset of the last cross-reference section and whether it is a stream. */
export function lastXref(bytes: Uint8Array): { offset: number; isStream: boolean } {
  const tail = latin1(bytes, Math.max(0, bytes.length - 2048), bytes.length);
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail) ?? [...tail.matchAll(/startxref\s+(\d+)/g)].pop();
  if (!m) throw new UnprocessableError('bad_pdf', 'the PDF has no startxref: it is truncated or not a PDF');
  const offset = Number(m[1]);
  if (offset >= bytes.length) throw new UnprocessableError('bad_pdf', 'startxref points past the end of the file');
  const head = latin1(bytes, offset, Math.min(bytes.length, offset + 64));
  if (head.startsWith('xref')) return { offset, isStream: false };
  if (/^\d+\s+\d+\s+obj/.test(head)) return { offset, isStream: true };
  throw new UnprocessableError('bad_pdf', 'startxref does not point at a cross-reference section');
}

/** Serialises one indirect object the way pdf-lib would, without re-saving the document. */
export function objectBytes(ref: PDFRef, obj: PDFObject): Uint8Array {
  const head = Buffer.from(`${ref.objectNumber} ${ref.generationNumber} obj\n`, 'latin1');
  const body = new Uint8Array(obj.sizeInBytes());
  obj.copyBytesInto(body, 0);
  return Buffer.concat([head, body, Buffer.from('\nendobj\n', 'latin1')]);
}

export interface UpdateResult {
  bytes: Uint8Array;
  /** Absolute offset of each written object. */
  offsets: Map<number, number>;
}

/**
 * Appends `objects` (already serialised with `objectBytes` or by hand) and the xref section.
 * `changed` are existing objects rewritten in this update; every object numbered
 * ≥ firstNewObject that the document holds is written too (pdf-lib allocated it for us).
 */
export function writeUpdate(pdf: OpenedPdf, changed: PDFRef[], custom = new Map<number, Uint8Array>()): UpdateResult {
  const { doc } = pdf;
  const entries = new Map<number, Uint8Array>();
  for (const ref of changed) entries.set(ref.objectNumber, objectBytes(ref, doc.context.lookup(ref)!));
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) {
    if (ref.objectNumber >= pdf.firstNewObject && !custom.has(ref.objectNumber)) entries.set(ref.objectNumber, objectBytes(ref, obj));
  }
  for (const [num, bytes] of custom) entries.set(num, bytes);

  const parts: Uint8Array[] = [pdf.bytes];
  let pos = pdf.bytes.length;
  const push = (b: Uint8Array) => {
    parts.push(b);
    pos += b.length;
  };
  if (pdf.bytes[pdf.bytes.length - 1] !== 0x0a) push(Buffer.from('\n'));
  const offsets = new Map<number, number>();
  for (const num of [...entries.keys()].sort((a, b) => a - b)) {
    offsets.set(num, pos);
    push(entries.get(num)!);
  }
  const xrefOffset = pos;
  push(pdf.prevIsXrefStream ? xrefStream(pdf, offsets, xrefOffset) : classicXref(pdf, offsets));
  push(Buffer.from(`startxref\n${xrefOffset}\n%%EOF\n`, 'latin1'));
  return { bytes: Buffer.concat(parts), offsets };
}

/** Runs of consecutive object numbers: each becomes one xref subsection. */
function subsections(nums: number[]): number[][] {
  const runs: number[][] = [];
  for (const n of [...nums].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last && last[last.length - 1] === n - 1) last.push(n);
    else runs.push([n]);
  }
  return runs;
}

function trailerEntries(pdf: OpenedPdf, size: number): string {
  const t = pdf.doc.context.trailerInfo;
  const parts = [`/Size ${size}`, `/Root ${t.Root}`, `/Prev ${pdf.prevStartXref}`];
  if (t.Info) parts.push(`/Info ${t.Info}`);
  if (t.ID) parts.push(`/ID ${t.ID}`);
  return parts.join(' ');
}

function classicXref(pdf: OpenedPdf, offsets: Map<number, number>): Uint8Array {
  let s = 'xref\n';
  for (const run of subsections([...offsets.keys()])) {
    s += `${run[0]} ${run.length}\n`;
    for (const n of run) s += `${String(offsets.get(n)).padStart(10, '0')} 00000 n\r\n`;
  }
  const size = Math.max(pdf.doc.context.largestObjectNumber, ...offsets.keys()) + 1;
  return Buffer.from(`${s}trailer\n<< ${trailerEntries(pdf, size)} >>\n`, 'latin1');
}

/** An xref stream (§7.5.8) listing the update's objects and itself; W [1 4 2], uncompressed. */
function xrefStream(pdf: OpenedPdf, offsets: Map<number, number>, at: number): Uint8Array {
  const self = Math.max(pdf.doc.context.largestObjectNumber, ...offsets.keys()) + 1;
  const all = new Map(offsets).set(self, at);
  const runs = subsections([...all.keys()]);
  const data = Buffer.alloc(all.size * 7);
  let i = 0;
  for (const run of runs) {
    for (const n of run) {
      data.writeUInt8(1, i);
      data.writeUInt32BE(all.get(n)!, i + 1);
      data.writeUInt16BE(0, i + 5);
      i += 7;
    }
  }
  const index = runs.map((r) => `${r[0]} ${r.length}`).join(' ');
  const dict = `<< /Type /XRef ${trailerEntries(pdf, self + 1)} /Index [${index}] /W [1 4 2] /Length ${data.length} >>`;
  return Buffer.concat([Buffer.from(`${self} 0 obj\n${dict}\nstream\n`, 'latin1'), data, Buffer.from('\nendstream\nendobj\n', 'latin1')]);
}

/** A new stream object registered in the document (written by `writeUpdate` as new). */
export function registerStream(doc: PDFDocument, dict: Record<string, PDFObject | string | number>, data: Uint8Array): PDFRef {
  const d = doc.context.obj({});
  for (const [k, v] of Object.entries(dict)) d.set(PDFName.of(k), typeof v === 'number' ? PDFNumber.of(v) : typeof v === 'string' ? PDFName.of(v) : v);
  d.set(PDFName.of('Length'), PDFNumber.of(data.length));
  return doc.context.register(PDFRawStream.of(d, data));
}
