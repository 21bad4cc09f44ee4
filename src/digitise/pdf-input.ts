import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef } from 'pdf-lib';
import type { PDFPage } from 'pdf-lib';
import { PayloadTooLargeError, UnprocessableError, UnsupportedMediaError } from '../shared/errors';
import { showsText } from './content-scan';
import { MAX_CONTENT_BYTES, MAX_PAGES, MAX_PIXELS } from './limits';
import type { PageJob } from './page-job';
import { readDecoded, takeRefusal } from './pdf-streams';

/**
 * PDF input (runs in a worker). A scanner PDF is one image per page: we take that image's
 * encoded bytes out (JPEG as it is; Flate is inflated later, bounded, when the page is
 * decoded) and OCR it. A page that already draws text keeps its own text layer and is copied
 * over unchanged. Not supported (clear error): pages mixing several images, images with other
 * filters (JBIG2, CCITT, JPX), indexed/CMYK/ICC-based colour. Nothing here is sized from what
 * the file claims: pages are counted up to MAX_PAGES, content streams read up to
 * MAX_CONTENT_BYTES, image dimensions checked against MAX_PIXELS.
 */
export async function splitPdf(bytes: Uint8Array, source: string): Promise<PageJob[]> {
  takeRefusal();
  const doc = await PDFDocument.load(bytes, { updateMetadata: false }).catch((e: Error) => e);
  const refused = takeRefusal();
  if (refused instanceof PayloadTooLargeError) throw new PayloadTooLargeError(refused.code, `${source}: ${refused.message}`);
  if (refused) throw new UnprocessableError(refused.code, `${source}: ${refused.message}`);
  if (doc instanceof Error) throw new UnprocessableError('unreadable_pdf', `${source}: cannot parse PDF (${doc.message})`);
  checkPageCount(doc, source);
  return doc.getPages().map((page, i) => pageJob(page, i, bytes, `${source} page ${i + 1}`));
}

/**
 * Walks the page tree counting leaves, and stops past MAX_PAGES: the tree's own /Count may lie,
 * and pdf-lib's getPages() would build every page of a million-page tree first.
 */
function checkPageCount(doc: PDFDocument, source: string): void {
  const seen = new Set<PDFDict>();
  const stack: PDFDict[] = [doc.catalog.Pages()];
  let pages = 0;
  while (stack.length) {
    const node = stack.pop()!;
    if (seen.has(node)) throw new UnprocessableError('unreadable_pdf', `${source}: the page tree has a cycle`);
    seen.add(node);
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    if (!kids) pages++;
    else for (let i = kids.size() - 1; i >= 0; i--) stack.push(kids.lookup(i, PDFDict));
    if (pages > MAX_PAGES) throw tooManyPages(source, `more than ${MAX_PAGES}`);
  }
}

export function tooManyPages(source: string, count: string): PayloadTooLargeError {
  return new PayloadTooLargeError('too_many_pages', `${source}: ${count} pages; at most ${MAX_PAGES} pages per document (split the file)`);
}

function pageJob(page: PDFPage, index: number, pdf: Uint8Array, source: string): PageJob {
  if (showsText(pageContent(page, source))) return { source, input: { type: 'pdf-text', pdf, pageIndex: index } };
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

/** The page's content streams, decoded and joined, at most MAX_CONTENT_BYTES in all. */
function pageContent(page: PDFPage, source: string): Uint8Array {
  const contents = page.node.Contents();
  if (!contents) return new Uint8Array(0);
  const streams = (contents instanceof PDFArray ? contents.asArray() : [contents])
    .map((s) => page.doc.context.lookup(s))
    .filter((s): s is PDFRawStream => s instanceof PDFRawStream);
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const stream of streams) {
    for (const part of readDecoded(stream, MAX_CONTENT_BYTES - total, `${source}: its content`)) {
      parts.push(part);
      total += part.length;
    }
    parts.push(Uint8Array.of(0x0a)); // streams are joined as if by white-space
  }
  return Buffer.concat(parts);
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
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new UnprocessableError('bad_pdf_image', `${source}: image size ${width}×${height} is not valid`);
  }
  if (width * height > MAX_PIXELS) {
    throw new PayloadTooLargeError('image_too_large', `${source}: image of ${width}×${height} pixels is over the limit of ${MAX_PIXELS} pixels`);
  }
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
  return { type: 'flate', data: stream.getContents(), width, height, channels, bits: bits as 1 | 8, dpi };
}
