import { constants, deflateRawSync, deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFNumber, StandardFonts } from 'pdf-lib';

/**
 * Hostile inputs from the security review (issue 12, finding 2), built on the fly: each is
 * small on the wire and made to cost the digitiser a lot of memory or time.
 */

/** A zlib stream of `mib` MiB of zeros, ~1 KB per MiB, built without ever holding the output. */
export function zeroBomb(mib: number): Uint8Array {
  // Each 1 MiB block ends with a full flush, so the blocks are independent and can be repeated.
  const block = deflateRawSync(Buffer.alloc(1 << 20), { finishFlush: constants.Z_FULL_FLUSH });
  const last = deflateRawSync(Buffer.alloc(0)); // an empty final block
  const total = mib * (1 << 20);
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((total % 65521) * 65536 + 1); // Adler-32 of zeros: a = 1, b = n mod 65521
  return Buffer.concat([Buffer.from([0x78, 0x9c]), ...Array.from({ length: mib }, () => block), last, adler]);
}

/** One A4 page drawing one image XObject with the given dictionary entries and data. */
async function imagePdf(entries: Record<string, string | number>, data: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const dict: Record<string, unknown> = { Type: 'XObject', Subtype: 'Image' };
  for (const [k, v] of Object.entries(entries)) dict[k] = typeof v === 'number' ? PDFNumber.of(v) : PDFName.of(v);
  const image = doc.context.register(doc.context.stream(data, dict as never));
  page.node.setXObject(PDFName.of('Im0'), image);
  page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream('q 595 0 0 842 0 0 cm /Im0 Do Q')));
  return doc.save({ useObjectStreams: false });
}

/** ~1 MB PDF whose 1000×1000 grey image stream inflates to `mib` MiB (1024: 1 GiB). */
export function inflateBombPdf(mib = 1024): Promise<Uint8Array> {
  return imagePdf({ Width: 1000, Height: 1000, BitsPerComponent: 8, ColorSpace: 'DeviceGray', Filter: 'FlateDecode' }, zeroBomb(mib));
}

/** A few hundred bytes: a 1-bit image claiming 30000×30000 pixels (900 M) with almost no data. */
export function hugeImagePdf(): Promise<Uint8Array> {
  return imagePdf({ Width: 30000, Height: 30000, BitsPerComponent: 1, ColorSpace: 'DeviceGray', Filter: 'FlateDecode' }, deflateSync(Buffer.alloc(0)));
}

/** An 18.6 KB content stream of text objects that never end: cubic for a BT…ET regex. */
export async function regexBombPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream("BT '\n".repeat(3720))));
  return doc.save({ useObjectStreams: false });
}

/** A born-digital PDF of `pages` small pages, each with one line of text. */
export async function manyPagesPdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) doc.addPage([200, 100]).drawText(`Trang ${i + 1}`, { x: 20, y: 50, size: 12, font });
  return doc.save();
}

/**
 * A little-endian TIFF of `pages` blank 400×200 grey pages, every IFD pointing at the same
 * pixels: a few bytes a page, so a small file can claim any number of pages.
 */
export function manyPagesTiff(pages: number): Uint8Array {
  const [width, height] = [400, 200];
  const pixelAt = 8;
  const entries: [number, number, number][] = [
    [256, 3, width], // ImageWidth
    [257, 3, height], // ImageLength
    [258, 3, 8], // BitsPerSample
    [259, 3, 1], // Compression: none
    [262, 3, 1], // Photometric: black is zero
    [273, 4, pixelAt], // StripOffsets
    [277, 3, 1], // SamplesPerPixel
    [278, 3, height], // RowsPerStrip
    [279, 4, width * height], // StripByteCounts
  ];
  const ifdSize = 2 + 12 * entries.length + 4;
  const first = pixelAt + width * height;
  const out = Buffer.alloc(first + pages * ifdSize);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(first, 4);
  out.fill(255, pixelAt, first);
  for (let p = 0; p < pages; p++) {
    let at = first + p * ifdSize;
    out.writeUInt16LE(entries.length, at);
    at += 2;
    for (const [tag, type, value] of entries) {
      out.writeUInt16LE(tag, at);
      out.writeUInt16LE(type, at + 2);
      out.writeUInt32LE(1, at + 4);
      if (type === 3) out.writeUInt16LE(value, at + 8);
      else out.writeUInt32LE(value, at + 8);
      at += 12;
    }
    out.writeUInt32LE(p + 1 < pages ? first + (p + 1) * ifdSize : 0, at);
  }
  return out;
}

/**
 * A PDF whose one array holds `count` numbers: a few bytes each in the file, an object each on
 * the parser's heap (about 2 M numbers: 4 MB of file, hundreds of MB of heap).
 */
export function heapBombPdf(count = 2_000_000): Uint8Array {
  const body = `%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n3 0 obj\n[${'0 '.repeat(count)}]\nendobj\n`;
  return Buffer.from(`${body}trailer\n<< /Root 1 0 R /Size 4 >>\n%%EOF\n`, 'latin1');
}

/** ~1 MB PDF with an object stream (which pdf-lib decodes while loading) that inflates to `mib` MiB. */
export function objectStreamBombPdf(mib = 1024): Uint8Array {
  const data = zeroBomb(mib);
  const head = `%PDF-1.5\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n3 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${data.length} >>\nstream\n`;
  const tail = '\nendstream\nendobj\ntrailer\n<< /Root 1 0 R /Size 4 >>\n%%EOF\n';
  return Buffer.concat([Buffer.from(head, 'latin1'), data, Buffer.from(tail, 'latin1')]);
}
