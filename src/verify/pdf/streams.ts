import { fflateInflate, type Inflate } from './inflate';
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
export function decodeStream(bytes: Uint8Array, s: PdfStream, budget: ParseBudget, inflater: Inflate = fflateInflate): Uint8Array {
  let data: Uint8Array = bytes.subarray(s.dataStart, s.dataEnd);
  const filter = s.dict.map.get('Filter');
  const filters = Array.isArray(filter) ? filter : filter ? [filter] : [];
  if (filters.length > PARSER_LIMITS.maxFilters) throw new PdfLimitError(`${filters.length} filters on one stream (at most ${PARSER_LIMITS.maxFilters})`);
  const parmsRaw = s.dict.map.get('DecodeParms');
  const parmsList = Array.isArray(parmsRaw) ? parmsRaw : [parmsRaw ?? null];
  filters.forEach((f, i) => {
    if (!isName(f)) throw new StreamDecodeError('filter is not a name');
    if (f.v !== 'FlateDecode' && f.v !== 'Fl') throw new StreamDecodeError(`unsupported filter ${f.v}`);
    data = inflate(data, budget, inflater);
    data = unpredict(data, parmsList[i] ?? null);
  });
  return data;
}

/**
 * FlateDecode through the inflate port (./inflate: fflate by default, Node's zlib on Node), capped
 * at what the budget still allows. A truncated stream gives what decoded; see ./inflate.
 */
function inflate(data: Uint8Array, budget: ParseBudget, inflater: Inflate): Uint8Array {
  const allowance = budget.decodeAllowance();
  if (data.length < 2) return new Uint8Array(0); // zlib too gives nothing, without an error
  checkZlibHeader(data);
  let out: Uint8Array | null;
  try {
    out = inflater(data, allowance);
  } catch (e) {
    // InflateDataError, or anything else an inflater throws: the stream is unreadable, as before the port.
    throw new StreamDecodeError(`FlateDecode failed: ${(e as Error).message}`);
  }
  if (!out) throw budget.decodeExceeded();
  budget.chargeDecoded(out.length);
  return out;
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
