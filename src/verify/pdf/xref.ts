import { Lexer, PdfSyntaxError, isDict, isStream, parseIndirectAt, type PdfDict, type PdfValue } from './objects';
import { PARSER_LIMITS, PdfLimitError, type ParseBudget } from './limits';
import { fflateInflate, type Inflate } from './inflate';
import { decodeStream } from './streams';

/** One cross-reference entry: in use at a byte offset, compressed in an object stream, or free. */
export type XrefEntry =
  | { type: 'n'; offset: number; gen: number }
  | { type: 'c'; stream: number; index: number }
  | { type: 'f' };

export interface XrefSection {
  offset: number;
  kind: 'table' | 'stream';
  entries: Map<number, XrefEntry>;
  trailer: PdfDict;
  prev?: number;
  xrefStm?: number;
}

/**
 * Parses the section at `offset`: a classic `xref` table with its trailer, or an xref stream.
 * Its entries and decoded bytes are charged to the document's budget.
 */
export function parseXrefSection(bytes: Uint8Array, offset: number, budget: ParseBudget, inflate: Inflate = fflateInflate): XrefSection {
  if (!Number.isInteger(offset) || offset < 0 || offset >= bytes.length) throw new PdfSyntaxError(`startxref ${offset} is outside the file`);
  const lx = new Lexer(bytes, offset);
  if (lx.peekWord() === 'xref') return parseTable(bytes, lx, offset, budget);
  return parseStream(bytes, offset, budget, inflate);
}

function parseTable(bytes: Uint8Array, lx: Lexer, offset: number, budget: ParseBudget): XrefSection {
  lx.word();
  const entries = new Map<number, XrefEntry>();
  for (;;) {
    const w = lx.peekWord();
    if (w === 'trailer') break;
    const first = digits(lx.word());
    const count = digits(lx.word());
    if (first === undefined || count === undefined) throw new PdfSyntaxError(`bad xref subsection at ${lx.pos}`);
    budget.chargeEntries(count);
    for (let i = 0; i < count; i++) {
      const off = Number(lx.word());
      const gen = Number(lx.word());
      const t = lx.word();
      if (!Number.isFinite(off) || (t !== 'n' && t !== 'f')) throw new PdfSyntaxError(`bad xref entry at ${lx.pos}`);
      // The first subsection of a section wins for duplicates, as in readers.
      if (!entries.has(first + i)) entries.set(first + i, t === 'n' ? { type: 'n', offset: off, gen } : { type: 'f' });
    }
  }
  lx.word();
  const trailer = lx.parseValue();
  if (!isDict(trailer)) throw new PdfSyntaxError('trailer is not a dictionary');
  return { offset, kind: 'table', entries, trailer, prev: intOf(trailer.map.get('Prev')), xrefStm: intOf(trailer.map.get('XRefStm')) };
}

function parseStream(bytes: Uint8Array, offset: number, budget: ParseBudget, inflate: Inflate): XrefSection {
  const { value } = parseIndirectAt(bytes, offset, budget.chargeParsed);
  if (!isStream(value)) throw new PdfSyntaxError(`no xref table or stream at ${offset}`);
  const d = value.dict.map;
  const w = d.get('W');
  if (!Array.isArray(w) || w.length < 3 || !w.every((x) => typeof x === 'number' && x >= 0 && x <= 8)) throw new PdfSyntaxError('xref stream /W is invalid');
  const widths = w as number[];
  const rowLen = widths[0] + widths[1] + widths[2];
  // Rows of zero bytes let a few bytes of /Index declare millions of entries: no real writer
  // makes them, so the document is refused rather than read around.
  if (rowLen === 0) throw new PdfLimitError('xref stream /W sums to 0 (entries of no bytes)');
  const size = intOf(d.get('Size')) ?? 0;
  const index = d.get('Index');
  const ranges: number[] = Array.isArray(index) && index.every((x) => typeof x === 'number') ? (index as number[]) : [0, size];
  if (ranges.length / 2 > PARSER_LIMITS.maxIndexRanges) throw new PdfLimitError(`xref stream /Index has more than ${PARSER_LIMITS.maxIndexRanges} ranges`);
  const data = decodeStream(bytes, value, budget, inflate);
  const entries = new Map<number, XrefEntry>();
  let pos = 0;
  for (let r = 0; r + 1 < ranges.length; r += 2) {
    // Only rows present in the data count: /Index may promise more than the stream holds.
    const declared = Number.isInteger(ranges[r + 1]) ? ranges[r + 1] : 0;
    const count = Math.max(0, Math.min(declared, Math.floor((data.length - pos) / rowLen)));
    budget.chargeEntries(count);
    for (let i = 0; i < count; i++, pos += rowLen) {
      const f1 = widths[0] === 0 ? 1 : field(data, pos, widths[0]);
      const f2 = field(data, pos + widths[0], widths[1]);
      const f3 = field(data, pos + widths[0] + widths[1], widths[2]);
      const num = ranges[r] + i;
      if (entries.has(num)) continue;
      if (f1 === 1) entries.set(num, { type: 'n', offset: f2, gen: f3 });
      else if (f1 === 2) entries.set(num, { type: 'c', stream: f2, index: f3 });
      else if (f1 === 0) entries.set(num, { type: 'f' });
    }
  }
  return { offset, kind: 'stream', entries, trailer: value.dict, prev: intOf(d.get('Prev')) };
}

/**
 * A subsection header's number: digits only. `Number()` reads the empty word at the end of the
 * file or before a delimiter as 0, and "0 0" subsections that consume nothing looped forever
 * (issue 10, found by test/fuzz/verify.test.ts).
 */
function digits(word: string): number | undefined {
  return /^\d{1,15}$/.test(word) ? Number(word) : undefined;
}

function field(data: Uint8Array, pos: number, width: number): number {
  let v = 0;
  for (let i = 0; i < width; i++) v = v * 256 + data[pos + i];
  return v;
}

export function intOf(v: PdfValue | undefined): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}
