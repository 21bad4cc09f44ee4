import { constants, inflateSync } from 'node:zlib';
import { PDFName, PDFObjectStreamParser, PDFXRefStreamParser, decodePDFRawStream, type PDFRawStream } from 'pdf-lib';
import { PayloadTooLargeError, UnprocessableError } from '../shared/errors';
import { MAX_CONTENT_BYTES } from './limits';

const tooLarge = (what: string, max: number) => new PayloadTooLargeError('stream_too_large', `${what} decodes to more than ${max} bytes`);

/**
 * A PDF stream's decoded bytes, refusing more than `max` (a 1 MB Flate stream can claim a
 * gigabyte). Plain Flate, the usual case, goes through zlib with an output limit; other filters
 * through pdf-lib's decoders read in slices, so their output never grows past what was read.
 */
export function readDecoded(stream: PDFRawStream, max: number, what: string): Uint8Array[] {
  const filter = stream.dict.get(PDFName.of('Filter'));
  if (filter === PDFName.of('FlateDecode') && !stream.dict.has(PDFName.of('DecodeParms'))) {
    try {
      // Sync flush: a truncated stream gives what it has, as pdf-lib's decoder would.
      return [inflateSync(stream.getContents(), { maxOutputLength: Math.max(1, max), finishFlush: constants.Z_SYNC_FLUSH })];
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(what, max);
      // Damaged data: pdf-lib's more lenient decoder below has the last word.
    }
  }
  const decoder = decodePDFRawStream(stream);
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let chunk = decoder.getBytes(1 << 16); chunk.length > 0; chunk = decoder.getBytes(1 << 16)) {
    total += chunk.length;
    if (total > max) throw tooLarge(what, max);
    parts.push(new Uint8Array(chunk));
  }
  return parts;
}

/**
 * The size check of the decoded form only (a predictor changes the size by a byte a row at most).
 * Returns the decoded size.
 */
function checkSize(stream: PDFRawStream, what: string): number {
  const filter = stream.dict.get(PDFName.of('Filter'));
  if (filter === PDFName.of('FlateDecode')) {
    try {
      return inflateSync(stream.getContents(), { maxOutputLength: MAX_CONTENT_BYTES, finishFlush: constants.Z_SYNC_FLUSH }).length;
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(what, MAX_CONTENT_BYTES);
    }
  }
  return readDecoded(stream, MAX_CONTENT_BYTES, what).reduce((n, part) => n + part.length, 0);
}

/** pdf-lib's parser state that `boundXrefRows` checks (its fields, not typed as public). */
interface XrefParserState {
  byteWidths: number[];
  subsections: { firstObjectNumber: number; length: number }[];
}

/**
 * pdf-lib reads each /W field byte by byte and as many rows as /Index declares: a width of 2^32
 * spun for hours and a count of 2^32 filled the heap (issue 10, test/fuzz/digitise.test.ts). Each
 * width must be 0–8 bytes, as in the verifier, and only rows the decoded data holds are read.
 */
function boundXrefRows(parser: XrefParserState, decoded: number): void {
  const widths = parser.byteWidths;
  const row = widths.reduce((a, b) => a + b, 0);
  if (!widths.every((w) => Number.isInteger(w) && w >= 0 && w <= 8) || row === 0) {
    throw new UnprocessableError('unreadable_pdf', `a cross-reference stream has field widths /W [${widths.join(' ')}]; each must be 0 to 8 bytes`);
  }
  let rows = Math.floor(decoded / row);
  for (const s of parser.subsections) {
    s.length = Math.max(0, Math.min(Number.isInteger(s.length) ? s.length : 0, rows));
    rows -= s.length;
  }
}

let installed = false;
let refused: PayloadTooLargeError | UnprocessableError | undefined;

/**
 * pdf-lib decodes object streams and cross-reference streams in full while it loads a file,
 * with no bound (an object stream inflating to 1 GiB took 1.8 GB and 21 s). Installed once in
 * each digitisation worker, not in the server: each such stream's size is checked first. pdf-lib
 * skips an object whose parsing throws, so the refusal is also kept for `takeRefusal`.
 */
export function boundPdfLibStructureStreams(): void {
  if (installed) return;
  installed = true;
  const guard = <T>(what: string, check: () => T): T => {
    try {
      return check();
    } catch (e) {
      refused ??= e as PayloadTooLargeError | UnprocessableError;
      throw e;
    }
  };
  const objectStreams = PDFObjectStreamParser.forStream;
  PDFObjectStreamParser.forStream = (stream, ...rest) => {
    guard('an object stream', () => checkSize(stream, 'an object stream'));
    return objectStreams(stream, ...rest);
  };
  const xrefStreams = PDFXRefStreamParser.forStream;
  PDFXRefStreamParser.forStream = (stream) => {
    const decoded = guard('a cross-reference stream', () => checkSize(stream, 'a cross-reference stream'));
    const parser = xrefStreams(stream);
    guard('a cross-reference stream', () => boundXrefRows(parser as unknown as XrefParserState, decoded));
    return parser;
  };
}

/** The structure stream refused during the last load, if any (a worker loads one file at a time). */
export function takeRefusal(): PayloadTooLargeError | UnprocessableError | undefined {
  const r = refused;
  refused = undefined;
  return r;
}
