import { Inflate } from 'fflate';
import { concatBytes } from '../bytes';
import { PARSER_LIMITS, PdfLimitError, type ParseBudget } from './limits';
import { dictOf, isName, type PdfStream, type PdfValue } from './objects';

/**
 * Decodes the stream filters that structure needs (xref streams, object streams): FlateDecode
 * with PNG/TIFF predictors. Anything else is reported as unsupported rather than guessed.
 */
export class StreamDecodeError extends Error {}

/**
 * Every filter stage's output is charged to the document's budget: a chain of FlateDecode
 * filters over a small bomb, repeated in many objects, would otherwise inflate gigabytes.
 */
export function decodeStream(bytes: Uint8Array, s: PdfStream, budget: ParseBudget): Uint8Array {
  let data: Uint8Array = bytes.subarray(s.dataStart, s.dataEnd);
  const filter = s.dict.map.get('Filter');
  const filters = Array.isArray(filter) ? filter : filter ? [filter] : [];
  if (filters.length > PARSER_LIMITS.maxFilters) throw new PdfLimitError(`${filters.length} filters on one stream (at most ${PARSER_LIMITS.maxFilters})`);
  const parmsRaw = s.dict.map.get('DecodeParms');
  const parmsList = Array.isArray(parmsRaw) ? parmsRaw : [parmsRaw ?? null];
  filters.forEach((f, i) => {
    if (!isName(f)) throw new StreamDecodeError('filter is not a name');
    if (f.v !== 'FlateDecode' && f.v !== 'Fl') throw new StreamDecodeError(`unsupported filter ${f.v}`);
    data = inflate(data, budget);
    data = unpredict(data, parmsList[i] ?? null);
  });
  return data;
}

/**
 * FlateDecode (zlib format) with fflate's streaming inflater, fed a few KiB of input at a time
 * so that a bomb stops at the allowance instead of being inflated whole first: one push of
 * 4 KiB inflates to at most about 4 MiB (deflate's ratio is bounded by 1032:1).
 */
const INFLATE_CHUNK = 4096;

function inflate(data: Uint8Array, budget: ParseBudget): Uint8Array {
  const allowance = budget.decodeAllowance();
  if (data.length < 2) return new Uint8Array(0); // zlib too gives nothing, without an error
  checkZlibHeader(data);
  const parts: Uint8Array[] = [];
  let total = 0;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > allowance) throw budget.decodeExceeded();
    parts.push(chunk);
  });
  try {
    for (let at = 2; at < data.length; at += INFLATE_CHUNK) inflater.push(data.subarray(at, Math.min(data.length, at + INFLATE_CHUNK)));
    inflater.push(new Uint8Array(0), true);
    checkAdler(inflater, parts);
  } catch (e) {
    if (e instanceof PdfLimitError || e instanceof StreamDecodeError) throw e;
    // A truncated deflate stream is common in the wild: take what decoded.
    if ((e as { code?: number }).code !== FFLATE_UNEXPECTED_EOF) throw new StreamDecodeError(`FlateDecode failed: ${(e as Error).message}`);
  }
  budget.chargeDecoded(total);
  return concatBytes(parts);
}

const FFLATE_UNEXPECTED_EOF = 0;

/**
 * zlib's trailer: the Adler-32 of the output, after the deflate data, when the file kept it
 * (zlib accepts a stream cut before it, and refuses a wrong one). fflate leaves the bytes after
 * the deflate data in `p`, starting at the byte that holds its last bit (`s.p` bits in).
 */
function checkAdler(inflater: Inflate, parts: Uint8Array[]): void {
  const rest = (inflater as unknown as { p?: Uint8Array; s?: { p?: number } });
  if (!rest.p || rest.s?.p === undefined) return;
  const tail = rest.p.subarray(rest.s.p & 7 ? 1 : 0);
  if (tail.length < 4) return;
  const want = ((tail[0] << 24) | (tail[1] << 16) | (tail[2] << 8) | tail[3]) >>> 0;
  if (adler32(parts) !== want) throw new StreamDecodeError('FlateDecode failed: incorrect data check');
}

function adler32(parts: Uint8Array[]): number {
  let a = 1;
  let b = 0;
  for (const p of parts) {
    for (let i = 0; i < p.length; ) {
      // 5552 bytes: the most that can be summed before the 32-bit sums must be reduced.
      const end = Math.min(p.length, i + 5552);
      for (; i < end; i++) b += a += p[i];
      a %= 65521;
      b %= 65521;
    }
  }
  return ((b << 16) | a) >>> 0;
}

/** The 2-byte zlib header: deflate, a valid check, no preset dictionary (as zlib itself insists). */
function checkZlibHeader(d: Uint8Array): void {
  if (d.length < 2 || (d[0] & 0x0f) !== 8 || d[0] >> 4 > 7 || ((d[0] << 8) | d[1]) % 31 !== 0 || d[1] & 0x20) {
    throw new StreamDecodeError('FlateDecode failed: incorrect header check');
  }
}

function num(v: PdfValue | undefined, dflt: number): number {
  return typeof v === 'number' ? v : dflt;
}

function unpredict(data: Uint8Array, parms: PdfValue): Uint8Array {
  const d = dictOf(parms);
  const predictor = num(d?.map.get('Predictor'), 1);
  if (predictor < 10) {
    if (predictor === 1) return data;
    throw new StreamDecodeError(`unsupported predictor ${predictor}`);
  }
  const colors = num(d?.map.get('Colors'), 1);
  const bpc = num(d?.map.get('BitsPerComponent'), 8);
  const columns = num(d?.map.get('Columns'), 1);
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLen = Math.ceil((colors * bpc * columns) / 8);
  if (rowLen <= 0 || rowLen > 1 << 20) throw new StreamDecodeError('bad predictor columns');
  const rows = Math.floor(data.length / (rowLen + 1));
  const out = new Uint8Array(rows * rowLen);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLen + 1)];
    const src = r * (rowLen + 1) + 1;
    const dst = r * rowLen;
    for (let i = 0; i < rowLen; i++) {
      const left = i >= bpp ? out[dst + i - bpp] : 0;
      const up = r > 0 ? out[dst - rowLen + i] : 0;
      const ul = r > 0 && i >= bpp ? out[dst - rowLen + i - bpp] : 0;
      let p = 0;
      if (type === 1) p = left;
      else if (type === 2) p = up;
      else if (type === 3) p = (left + up) >> 1;
      else if (type === 4) p = paeth(left, up, ul);
      out[dst + i] = (data[src + i] + p) & 255;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
