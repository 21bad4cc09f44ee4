import { latin1Bytes } from '../bytes';
import { PARSER_LIMITS, ParseBudget, PdfLimitError, rethrowLimit } from './limits';
import { Lexer, PdfSyntaxError, dictOf, indexOf, isRef, isStream, latin1, parseIndirectAt, type PdfDict, type PdfStream, type PdfValue } from './objects';
import { fflateInflate, type Inflate } from './inflate';
import { decodeStream } from './streams';
import { findEofMarkers, groupRevisions, type EofMarker, type Revision } from './revisions';
import { XrefVersions } from './versions';

export type { Revision };
import { intOf, parseXrefSection, type XrefEntry, type XrefSection } from './xref';

/**
 * A PDF seen as a sequence of revisions (incremental updates). Revisions are found from the
 * `%%EOF` markers and the cross-reference sections reachable from every `startxref` (following
 * /Prev and /XRefStm, each visited once), so a broken /Prev chain or a /Prev loop cannot hide a
 * revision or hang the reader. Objects are read "as of" a revision.
 * Hostile input is bounded by the caps in ./limits (a PdfLimitError leaves the constructor or
 * getObject: the document is not verifiable), and every pass over the file is linear.
 */

const MAX_SECTIONS = 10_000;
const MAX_REF_HOPS = 32;
const NEARBY = 4096;

export class PdfDocument {
  readonly revisions: Revision[];
  /** Problems met while reading the structure (reported, never thrown). */
  readonly warnings: string[] = [];
  /** True when no cross-reference section could be read and objects were found by scanning. */
  readonly repaired: boolean;
  /** What this document may still decode and index (shared by every reader of it). */
  readonly budget: ParseBudget;
  private table = new XrefVersions([]);
  /** For objects found by scanning: where the next object starts, so no parse runs past it. */
  private scanBounds = new Map<number, number>();
  private nearbySearches = 0;
  private markers?: EofMarker[];
  private objCache = new Map<string, PdfValue>();
  private objStmCache = new Map<number, { data: Uint8Array; first: number; offsets: number[]; nums: number[] }>();

  /** `inflate`: FlateDecode's implementation (the platform's; fflate by default). */
  constructor(
    readonly bytes: Uint8Array,
    private readonly inflate: Inflate = fflateInflate,
  ) {
    this.budget = new ParseBudget(bytes.length);
    const sections = this.readSections();
    if (sections.length === 0) {
      this.repaired = true;
      this.revisions = [this.scanObjects()];
    } else {
      this.repaired = false;
      this.revisions = groupRevisions(this.bytes, sections, this.eofMarkers());
      this.addIncompleteTail();
    }
    // One shared table of versions rather than a copy per revision: a large table followed by
    // many small updates would otherwise be copied once per update.
    this.table = new XrefVersions(this.revisions.map((r) => r.entries));
  }

  get last(): number {
    return this.revisions.length - 1;
  }

  /** The object `num` as of revision `rev`; undefined when absent or unreadable. */
  getObject(num: number, rev = this.last, depth = 0): PdfValue | undefined {
    const e = this.table.get(num, rev);
    if (!e || e.type === 'f') return undefined;
    const key = e.type === 'n' ? `n${e.offset}` : `c${e.stream}:${e.index}:${rev}`;
    if (this.objCache.has(key)) return this.objCache.get(key);
    let value: PdfValue | undefined;
    try {
      value = e.type === 'n' ? this.readAt(e.offset, num) : this.readCompressed(e.stream, e.index, num, rev, depth);
    } catch (err) {
      rethrowLimit(err);
      this.warn(`object ${num} unreadable: ${(err as Error).message}`);
      value = undefined;
    }
    this.objCache.set(key, value ?? null);
    return value;
  }

  /** Follows references (bounded) to a direct value. */
  resolve(v: PdfValue | undefined, rev = this.last): PdfValue | undefined {
    for (let i = 0; i < MAX_REF_HOPS && isRef(v); i++) v = this.getObject(v.num, rev);
    return isRef(v) ? undefined : v;
  }

  dict(v: PdfValue | undefined, rev = this.last): PdfDict | undefined {
    return dictOf(this.resolve(v, rev));
  }

  /** Where the object's entry points in the table of revision `rev` (for "which revision defined it"). */
  entry(num: number, rev = this.last): XrefEntry | undefined {
    return this.table.get(num, rev);
  }

  /** A stream's decoded data, charged to this document's budget. */
  decode(s: PdfStream): Uint8Array {
    return decodeStream(this.bytes, s, this.budget, this.inflate);
  }

  catalog(rev = this.last): PdfDict | undefined {
    return this.dict(this.revisions[rev]?.trailer.map.get('Root'), rev);
  }

  private warn(msg: string): void {
    if (this.warnings.length < 50) this.warnings.push(msg);
  }

  private readAt(offset: number, num: number): PdfValue {
    const bound = this.scanBounds.get(offset);
    if (bound !== undefined) {
      // Found by scanning: the offset is exact, and the object ends where the next one starts.
      const o = parseIndirectAt(this.bytes.subarray(0, bound), offset, this.budget.chargeParsed);
      if (o.num !== num) throw new PdfSyntaxError(`object ${num} not found at offset ${offset}`);
      return o.value;
    }
    try {
      const o = parseIndirectAt(this.bytes, offset, this.budget.chargeParsed);
      if (o.num === num) return o.value;
    } catch (err) {
      rethrowLimit(err); // else fall through to the nearby search
    }
    if (++this.nearbySearches > PARSER_LIMITS.maxNearbySearches) {
      throw new PdfLimitError(`more than ${PARSER_LIMITS.maxNearbySearches} objects are not where the cross-reference data says`);
    }
    // Offsets shifted by an edit (bytes inserted or removed): look for the object close by.
    const near = this.findNearby(new RegExp(`(?:^|\\s)(${num}\\s+\\d+\\s+obj)\\b`, 'g'), offset);
    if (near < 0) throw new PdfSyntaxError(`object ${num} not found at offset ${offset}`);
    this.warn(`object ${num} found at ${near} instead of ${offset} (damaged cross-reference)`);
    return parseIndirectAt(this.bytes, near, this.budget.chargeParsed).value;
  }

  /** Nearest match of `re`'s first group within a window around `offset`, or -1. */
  private findNearby(re: RegExp, offset: number): number {
    const from = Math.max(0, offset - NEARBY);
    const text = latin1(this.bytes, from, Math.min(this.bytes.length, offset + NEARBY));
    let best = -1;
    for (const m of text.matchAll(re)) {
      const at = from + (m.index ?? 0) + m[0].indexOf(m[1]);
      if (best < 0 || Math.abs(at - offset) < Math.abs(best - offset)) best = at;
    }
    return best;
  }

  private readCompressed(stmNum: number, index: number, num: number, rev: number, depth: number): PdfValue {
    if (depth > 2) throw new PdfSyntaxError('object stream inside object stream');
    const e = this.table.get(stmNum, rev);
    if (!e || e.type !== 'n') throw new PdfSyntaxError(`object stream ${stmNum} missing`);
    let stm = this.objStmCache.get(e.offset);
    if (!stm) {
      const s = this.readAt(e.offset, stmNum);
      if (!isStream(s)) throw new PdfSyntaxError(`object ${stmNum} is not an object stream`);
      const data = this.decode(s);
      const n = intOf(s.dict.map.get('N')) ?? 0;
      const first = intOf(s.dict.map.get('First')) ?? 0;
      const lx = new Lexer(data);
      const nums: number[] = [];
      const offsets: number[] = [];
      for (let i = 0; i < n && i < 1_000_000; i++) {
        nums.push(Number(lx.word()));
        offsets.push(Number(lx.word()));
      }
      stm = { data, first, offsets, nums };
      this.objStmCache.set(e.offset, stm);
    }
    if (!(index < stm.offsets.length) || stm.nums[index] !== num || !Number.isFinite(stm.offsets[index])) {
      throw new PdfSyntaxError(`object stream ${stmNum} does not contain object ${num} at index ${index}`);
    }
    const start = stm.first + stm.offsets[index];
    const lx = new Lexer(stm.data, start);
    try {
      return lx.parseValue();
    } finally {
      this.budget.chargeParsed(lx.pos - start);
    }
  }


  private eofMarkers(): EofMarker[] {
    return (this.markers ??= findEofMarkers(this.bytes));
  }

  private readSections(): XrefSection[] {
    const seen = new Map<number, XrefSection | null>();
    const queue: number[] = this.eofMarkers().map((m) => m.startxref).filter((x): x is number => x !== undefined).reverse();
    while (queue.length && seen.size < MAX_SECTIONS) {
      const off = queue.shift() as number;
      if (seen.has(off)) continue;
      try {
        const s = parseXrefSection(this.bytes, off, this.budget, this.inflate);
        seen.set(off, s);
        if (s.xrefStm !== undefined && !seen.has(s.xrefStm)) {
          try {
            const x = parseXrefSection(this.bytes, s.xrefStm, this.budget, this.inflate);
            seen.set(s.xrefStm, null);
            // Hybrid file: the stream lists compressed objects the table marks free or omits.
            for (const [n, e] of x.entries) if (s.entries.get(n)?.type !== 'n') s.entries.set(n, e);
          } catch (err) {
            rethrowLimit(err);
            this.warn(`XRefStm at ${s.xrefStm}: ${(err as Error).message}`);
          }
        }
        if (s.prev !== undefined) queue.push(s.prev);
      } catch (err) {
        rethrowLimit(err);
        seen.set(off, null);
        this.warn(`cross-reference section at ${off}: ${(err as Error).message}`);
        const near = off > 0 ? this.findNearby(/(?:^|[^t])(xref)\s/g, off) : -1;
        if (near >= 0 && !seen.has(near)) queue.unshift(near);
      }
    }
    return [...seen.values()].filter((s): s is XrefSection => s !== null).sort((a, b) => a.offset - b.offset);
  }


  /** Objects written after the last %%EOF without an xref (a cut-off update) still count as a revision. */
  private addIncompleteTail(): void {
    const last = this.revisions[this.revisions.length - 1];
    const entries = this.scanEntries(last.endOffset, this.bytes.length);
    if (!entries.size) return;
    this.warn(`${entries.size} object(s) after the last %%EOF have no cross-reference section (truncated or hidden update)`);
    const trailer: PdfDict = { t: 'dict', map: new Map(last.trailer.map) };
    this.revisions.push({ index: this.revisions.length, startxref: -1, endOffset: this.bytes.length, markerEnd: this.bytes.length, entries, trailer, incomplete: true });
  }

  /**
   * One pass over [from, to) for `n g obj` headers. Each object found is bounded by the next
   * header (scanBounds), so parsing all of them reads the file once: an object with no
   * `endstream` or an unterminated string cannot make every parse run to the end of the file.
   */
  private scanEntries(from: number, to: number): Map<number, XrefEntry> {
    const text = latin1(this.bytes, from, to);
    const entries = new Map<number, XrefEntry>();
    const re = /(?:^|[\s>])(\d{1,9})\s+(\d{1,5})\s+obj\b/g;
    let m: RegExpExecArray | null;
    let prev = -1;
    while ((m = re.exec(text))) {
      const offset = from + m.index + m[0].indexOf(m[1]);
      if (prev >= 0) this.scanBounds.set(prev, offset);
      prev = offset;
      if (!entries.has(Number(m[1]))) this.budget.chargeEntries(1);
      entries.set(Number(m[1]), { type: 'n', offset, gen: Number(m[2]) });
    }
    if (prev >= 0) this.scanBounds.set(prev, to);
    return entries;
  }

  /** Whether the scanned object at `offset` contains `name` or a #-escape (which could spell it). */
  private mayName(offset: number, name: Uint8Array): boolean {
    const seg = this.bytes.subarray(0, this.scanBounds.get(offset) ?? this.bytes.length);
    return indexOf(seg, name, offset) >= 0 || seg.indexOf(0x23 /* # */, offset) >= 0;
  }

  /** Last resort for a file whose cross-reference data is unusable: find `n g obj` by scanning. */
  private scanObjects(): Revision {
    this.warn('no readable cross-reference section: objects located by scanning the file');
    const entries = this.scanEntries(0, this.bytes.length);
    let root: PdfValue | undefined;
    this.table = new XrefVersions([entries]);
    for (const [num, e] of entries) {
      // Parse only objects that can be the catalog: its name, possibly #-escaped, is in them.
      if (e.type !== 'n' || !this.mayName(e.offset, CATALOG)) continue;
      const d = dictOf(this.getObject(num, 0));
      const t = d?.map.get('Type');
      if (t && typeof t === 'object' && !Array.isArray(t) && t.t === 'name' && t.v === 'Catalog') root = { t: 'ref', num, gen: 0 };
    }
    this.table = new XrefVersions([]);
    const trailer: PdfDict = { t: 'dict', map: new Map(root ? [['Root', root]] : []) };
    return { index: 0, startxref: -1, endOffset: this.bytes.length, markerEnd: this.bytes.length, entries, trailer };
  }
}

const CATALOG = latin1Bytes('Catalog');


