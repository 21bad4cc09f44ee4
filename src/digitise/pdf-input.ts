import { inflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFRawStream, PDFDict, PDFArray, PDFNumber, PDFRef, decodePDFRawStream } from 'pdf-lib';
import type { PDFPage } from 'pdf-lib';
import { UnprocessableError, UnsupportedMediaError } from '../shared/errors';
import type { PageJob } from './page-job';

/**
 * PDF input. A scanner PDF is one image per page: we take that image out (JPEG bytes as they
 * are; Flate pixels inflated) and OCR it. A page that already draws text keeps its own text
 * layer and is copied over unchanged. Not supported (clear error): pages mixing several
 * images, images with other filters (JBIG2, CCITT, JPX), indexed/CMYK/ICC-based colour.
 */
export async function splitPdf(bytes: Uint8Array, source: string): Promise<PageJob[]> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (e) {
    throw new UnprocessableError('unreadable_pdf', `${source}: cannot parse PDF (${(e as Error).message})`);
  }
  return doc.getPages().map((page, i) => pageJob(page, i, bytes, `${source} page ${i + 1}`));
}

function pageJob(page: PDFPage, index: number, pdf: Uint8Array, source: string): PageJob {
  const content = pageContent(page);
  // BT … ET with a show-text operator means the page already carries text.
  if (/\bBT\b[\s\S]*?(Tj|TJ|'|")[\s\S]*?\bET\b/.test(content)) {
    return { source, input: { type: 'pdf-text', pdf, pageIndex: index } };
  }
  const images = pageImages(page);
  if (images.length !== 1) {
    throw new UnsupportedMediaError(
      'unsupported_pdf_page',
      `${source}: has no text and ${images.length} images; only single-image scanner pages can be OCR'd`,
    );
  }
  const { width: wPt } = page.getSize();
  return { source, input: imageInput(images[0], wPt, source) };
}

function pageContent(page: PDFPage): string {
  const contents = page.node.Contents();
  if (!contents) return '';
  const streams = contents instanceof PDFArray ? contents.asArray() : [contents];
  return streams
    .map((s) => page.doc.context.lookup(s))
    .filter((s): s is PDFRawStream => s instanceof PDFRawStream)
    .map((s) => Buffer.from(decodePDFRawStream(s).decode()).toString('latin1'))
    .join('\n');
}

function pageImages(page: PDFPage): PDFRawStream[] {
  const resources = page.node.Resources();
  const xobjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  if (!xobjects) return [];
  return xobjects
    .values()
    .map((v) => page.doc.context.lookup(v))
    .filter((s): s is PDFRawStream => s instanceof PDFRawStream && s.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'));
}

function num(dict: PDFDict, key: string): number {
  const v = dict.get(PDFName.of(key));
  return v instanceof PDFNumber ? v.asNumber() : 0;
}

function imageInput(stream: PDFRawStream, pageWidthPt: number, source: string): PageJob['input'] {
  const d = stream.dict;
  const width = num(d, 'Width');
  const height = num(d, 'Height');
  const bits = num(d, 'BitsPerComponent') || 8;
  const dpi = Math.round((width / pageWidthPt) * 72);
  const filter = d.get(PDFName.of('Filter'));
  const filterName = filter instanceof PDFArray ? filter.asArray().map(String).join(',') : String(filter ?? '');
  if (filterName === '/DCTDecode') {
    return { type: 'encoded', bytes: stream.getContents(), page: 0, dpi };
  }
  const cs = d.get(PDFName.of('ColorSpace'));
  const channels = cs === PDFName.of('DeviceGray') ? 1 : cs === PDFName.of('DeviceRGB') ? 3 : 0;
  const predictor = d.get(PDFName.of('DecodeParms'));
  if (filterName !== '/FlateDecode' || channels === 0 || (bits !== 8 && bits !== 1) || predictor instanceof PDFDict || predictor instanceof PDFRef) {
    throw new UnsupportedMediaError(
      'unsupported_pdf_image',
      `${source}: image with filter '${filterName || 'none'}', ${bits}-bit, colour space ${String(cs)} is not supported (JPEG or plain Flate grey/RGB only)`,
    );
  }
  let pixels: Uint8Array = new Uint8Array(inflateSync(stream.getContents()));
  if (bits === 1) pixels = unpackBits(pixels, width, height);
  return { type: 'raw', pixels, width, height, channels, dpi };
}

/** 1-bit rows (padded to bytes, 0 = black) → 8-bit grey. */
function unpackBits(packed: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const stride = Math.ceil(width / 8);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      out[y * width + x] = packed[y * stride + (x >> 3)] & (0x80 >> (x & 7)) ? 255 : 0;
    }
  }
  return out;
}
