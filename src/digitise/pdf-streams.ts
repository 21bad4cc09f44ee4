import { constants, inflateSync } from 'node:zlib';
import { PDFName, PDFObjectStreamParser, PDFXRefStreamParser, decodePDFRawStream, type PDFRawStream } from 'pdf-lib';
import { PayloadTooLargeError } from '../shared/errors';
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

/** The size check of the decoded form only (a predictor changes the size by a byte a row at most). */
function checkSize(stream: PDFRawStream, what: string): void {
  const filter = stream.dict.get(PDFName.of('Filter'));
  if (filter === PDFName.of('FlateDecode')) {
    try {
      inflateSync(stream.getContents(), { maxOutputLength: MAX_CONTENT_BYTES, finishFlush: constants.Z_SYNC_FLUSH });
      return;
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(what, MAX_CONTENT_BYTES);
    }
  }
  readDecoded(stream, MAX_CONTENT_BYTES, what);
}

let installed = false;
let refused: PayloadTooLargeError | undefined;

/**
 * pdf-lib decodes object streams and cross-reference streams in full while it loads a file,
 * with no bound (an object stream inflating to 1 GiB took 1.8 GB and 21 s). Installed once in
 * each digitisation worker, not in the server: each such stream's size is checked first. pdf-lib
 * skips an object whose parsing throws, so the refusal is also kept for `takeRefusal`.
 */
export function boundPdfLibStructureStreams(): void {
  if (installed) return;
  installed = true;
  const guard = (stream: PDFRawStream, what: string) => {
    try {
      checkSize(stream, what);
    } catch (e) {
      refused ??= e as PayloadTooLargeError;
      throw e;
    }
  };
  const objectStreams = PDFObjectStreamParser.forStream;
  PDFObjectStreamParser.forStream = (stream, ...rest) => {
    guard(stream, 'an object stream');
    return objectStreams(stream, ...rest);
  };
  const xrefStreams = PDFXRefStreamParser.forStream;
  PDFXRefStreamParser.forStream = (stream) => {
    guard(stream, 'a cross-reference stream');
    return xrefStreams(stream);
  };
}

/** The structure stream refused during the last load, if any (a worker loads one file at a time). */
export function takeRefusal(): PayloadTooLargeError | undefined {
  const r = refused;
  refused = undefined;
  return r;
}
