/**
 * A minimal PDF object model and parser, enough to read revisions, signature dictionaries and
 * to compare objects between revisions. Written here rather than borrowed from pdf-lib because
 * pdf-lib merges all revisions into one object table and hides byte offsets, and a verifier
 * needs both (which revision defined an object, where /Contents sits in the file).
 * Every recursion is depth-bounded: the inputs are hostile.
 */
import { equalBytes, indexOfBytes, latin1 as latin1All, latin1Bytes } from '../bytes';

export interface PdfName { t: 'name'; v: string }
export interface PdfString { t: 'str'; bytes: Uint8Array; hex: boolean; start: number; end: number }
export interface PdfRef { t: 'ref'; num: number; gen: number }
export interface PdfDict { t: 'dict'; map: Map<string, PdfValue> }
export interface PdfStream { t: 'stream'; dict: PdfDict; dataStart: number; dataEnd: number }
export type PdfValue = null | boolean | number | PdfName | PdfString | PdfRef | PdfValue[] | PdfDict | PdfStream;

const MAX_DEPTH = 64;
/**
 * Items in one array or dictionary (real files: a few thousand at most). Besides bounding
 * memory, it keeps every single allocation small: a worker thread whose heap limit is crossed
 * by one large allocation aborts the whole process instead of just the thread.
 */
export const MAX_CONTAINER_ITEMS = 100_000;

/**
 * Malformed input, met in the normal course of reading hostile or damaged files (thousands of
 * times for some): the message is the report, so no stack trace is captured (that was most of
 * the cost of scanning a file of broken objects).
 */
export class PdfSyntaxError extends Error {
  constructor(message: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

/** A cap was reached: the document is too large or too complex to verify. Never swallowed (./limits). */
export class PdfLimitError extends PdfSyntaxError {}

const WS = new Set([0, 9, 10, 12, 13, 32]);
const DELIM = new Set([40, 41, 60, 62, 91, 93, 123, 125, 47, 37]);

export function isWhite(c: number): boolean {
  return WS.has(c);
}

export class Lexer {
  constructor(readonly bytes: Uint8Array, public pos = 0) {}

  skipWs(): void {
    const b = this.bytes;
    while (this.pos < b.length) {
      const c = b[this.pos];
      if (WS.has(c)) this.pos++;
      else if (c === 37 /* % comment */) {
        while (this.pos < b.length && b[this.pos] !== 10 && b[this.pos] !== 13) this.pos++;
      } else break;
    }
  }

  /** A bare keyword or number token (no delimiters). */
  word(): string {
    this.skipWs();
    const b = this.bytes;
    const s = this.pos;
    while (this.pos < b.length && !WS.has(b[this.pos]) && !DELIM.has(b[this.pos])) this.pos++;
    return latin1(b, s, this.pos);
  }

  peekWord(): string {
    const p = this.pos;
    const w = this.word();
    this.pos = p;
    return w;
  }

  parseValue(depth = 0): PdfValue {
    if (depth > MAX_DEPTH) throw new PdfSyntaxError('objects nested too deeply');
    this.skipWs();
    const b = this.bytes;
    if (this.pos >= b.length) throw new PdfSyntaxError('unexpected end of file');
    const c = b[this.pos];
    if (c === 47) return this.parseName();
    if (c === 40) return this.parseLiteralString();
    if (c === 60) {
      if (b[this.pos + 1] === 60) return this.parseDict(depth);
      return this.parseHexString();
    }
    if (c === 91) {
      this.pos++;
      const arr: PdfValue[] = [];
      for (;;) {
        this.skipWs();
        if (this.pos >= b.length) throw new PdfSyntaxError('unterminated array');
        if (b[this.pos] === 93) { this.pos++; return arr; }
        if (arr.length >= MAX_CONTAINER_ITEMS) throw new PdfLimitError(`array of more than ${MAX_CONTAINER_ITEMS} items`);
        arr.push(this.parseValue(depth + 1));
      }
    }
    const w = this.word();
    if (w === '') throw new PdfSyntaxError(`unexpected byte 0x${c.toString(16)} at ${this.pos}`);
    if (w === 'true') return true;
    if (w === 'false') return false;
    if (w === 'null') return null;
    const n = Number(w);
    if (!Number.isFinite(n)) throw new PdfSyntaxError(`unexpected token '${w.slice(0, 20)}' at ${this.pos}`);
    // "num gen R" is a reference: look ahead without consuming when it is not.
    if (/^\d+$/.test(w)) {
      const save = this.pos;
      const g = this.word();
      if (/^\d+$/.test(g) && this.word() === 'R') return { t: 'ref', num: n, gen: Number(g) };
      this.pos = save;
    }
    return n;
  }

  private parseName(): PdfName {
    const b = this.bytes;
    let s = ++this.pos;
    let out = '';
    while (this.pos < b.length && !WS.has(b[this.pos]) && !DELIM.has(b[this.pos])) {
      if (b[this.pos] === 35 && this.pos + 2 < b.length) {
        out += latin1(b, s, this.pos) + String.fromCharCode(parseInt(latin1(b, this.pos + 1, this.pos + 3), 16) || 0);
        this.pos += 3;
        s = this.pos;
      } else this.pos++;
    }
    return { t: 'name', v: out + latin1(b, s, this.pos) };
  }

  private parseLiteralString(): PdfString {
    const b = this.bytes;
    const start = this.pos++;
    const out = new ByteSink();
    let depth = 1;
    while (this.pos < b.length) {
      const c = b[this.pos++];
      if (c === 92 /* backslash */) {
        const e = b[this.pos++];
        const map: Record<number, number> = { 110: 10, 114: 13, 116: 9, 98: 8, 102: 12, 40: 40, 41: 41, 92: 92 };
        if (e in map) out.push(map[e]);
        else if (e >= 48 && e <= 55) {
          let v = e - 48;
          for (let i = 0; i < 2 && b[this.pos] >= 48 && b[this.pos] <= 55; i++) v = v * 8 + (b[this.pos++] - 48);
          out.push(v & 255);
        } else if (e === 13) { if (b[this.pos] === 10) this.pos++; } else if (e !== 10) out.push(e);
      } else if (c === 40) { depth++; out.push(c); } else if (c === 41) {
        if (--depth === 0) return { t: 'str', bytes: out.bytes(), hex: false, start, end: this.pos };
        out.push(c);
      } else out.push(c);
    }
    throw new PdfSyntaxError('unterminated string');
  }

  private parseHexString(): PdfString {
    const b = this.bytes;
    const start = this.pos++;
    const end = b.indexOf(62, this.pos);
    if (end < 0) throw new PdfSyntaxError('unterminated hex string');
    // Straight from the bytes: /Contents holds tens of kilobytes of hex per signature.
    const out = new Uint8Array((end - this.pos + 1) >> 1);
    let n = 0;
    let high = -1;
    for (let i = this.pos; i < end; i++) {
      const v = HEX_VALUE[b[i]];
      if (v < 0) continue; // whitespace (and, leniently, anything else that is not a digit)
      if (high < 0) high = v;
      else {
        out[n++] = (high << 4) | v;
        high = -1;
      }
    }
    if (high >= 0) out[n++] = high << 4; // an odd count: the last digit is followed by 0
    this.pos = end + 1;
    return { t: 'str', bytes: out.slice(0, n), hex: true, start, end: this.pos };
  }

  private parseDict(depth: number): PdfDict | PdfStream {
    const b = this.bytes;
    this.pos += 2;
    const map = new Map<string, PdfValue>();
    for (;;) {
      this.skipWs();
      if (this.pos >= b.length) throw new PdfSyntaxError('unterminated dictionary');
      if (b[this.pos] === 62 && b[this.pos + 1] === 62) { this.pos += 2; break; }
      if (map.size >= MAX_CONTAINER_ITEMS) throw new PdfLimitError(`dictionary of more than ${MAX_CONTAINER_ITEMS} entries`);
      const key = this.parseValue(depth + 1);
      if (!key || typeof key !== 'object' || !('t' in key) || key.t !== 'name') throw new PdfSyntaxError(`dictionary key is not a name at ${this.pos}`);
      map.set(key.v, this.parseValue(depth + 1));
    }
    const dict: PdfDict = { t: 'dict', map };
    const save = this.pos;
    if (this.word() !== 'stream') { this.pos = save; return dict; }
    return this.streamBody(dict);
  }

  /** Stream data: trust a direct /Length when `endstream` follows it, else search for `endstream`. */
  private streamBody(dict: PdfDict): PdfStream {
    const b = this.bytes;
    if (b[this.pos] === 13) this.pos++;
    if (b[this.pos] === 10) this.pos++;
    const dataStart = this.pos;
    const len = dict.map.get('Length');
    if (typeof len === 'number' && len >= 0 && dataStart + len <= b.length) {
      const l = new Lexer(b, dataStart + len);
      if (l.word() === 'endstream') { this.pos = l.pos; return { t: 'stream', dict, dataStart, dataEnd: dataStart + len }; }
    }
    const idx = indexOf(b, ENDSTREAM, dataStart);
    if (idx < 0) throw new PdfSyntaxError('stream without endstream');
    let dataEnd = idx;
    if (b[dataEnd - 1] === 10) dataEnd--;
    if (b[dataEnd - 1] === 13) dataEnd--;
    this.pos = idx + ENDSTREAM.length;
    return { t: 'stream', dict, dataStart, dataEnd: Math.max(dataStart, dataEnd) };
  }
}

const ENDSTREAM = latin1Bytes('endstream');

const HEX_VALUE = Int8Array.from({ length: 256 }, (_, c) => (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1));

/** A growing byte buffer: a string's bytes live outside the JS heap, not as a number per byte. */
class ByteSink {
  private buf = new Uint8Array(64);
  private n = 0;

  push(c: number): void {
    if (this.n === this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.n++] = c;
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}

export function latin1(b: Uint8Array, s: number, e: number): string {
  const start = Math.max(0, Math.min(s, b.length));
  const end = Math.max(start, Math.min(e, b.length));
  return latin1All(b, start, end);
}

export function indexOf(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  return indexOfBytes(hay, needle, from);
}

/**
 * Parses `num gen obj … endobj` at an offset; returns the object's number and value. `charge`
 * is told how many bytes the attempt read, failed or not (the document's parse budget).
 */
export function parseIndirectAt(bytes: Uint8Array, offset: number, charge?: (bytesRead: number) => void): { num: number; gen: number; value: PdfValue } {
  const lx = new Lexer(bytes, offset);
  try {
    const num = Number(lx.word());
    const gen = Number(lx.word());
    if (!Number.isInteger(num) || !Number.isInteger(gen) || lx.word() !== 'obj') throw new PdfSyntaxError(`no object at offset ${offset}`);
    return { num, gen, value: lx.parseValue() };
  } finally {
    charge?.(lx.pos - offset);
  }
}

// Small typed accessors: the verifier reads many optional fields and must never crash on a wrong type.
export const isDict = (v: PdfValue | undefined): v is PdfDict => !!v && typeof v === 'object' && !Array.isArray(v) && v.t === 'dict';
export const isStream = (v: PdfValue | undefined): v is PdfStream => !!v && typeof v === 'object' && !Array.isArray(v) && v.t === 'stream';
export const isRef = (v: PdfValue | undefined): v is PdfRef => !!v && typeof v === 'object' && !Array.isArray(v) && v.t === 'ref';
export const isName = (v: PdfValue | undefined, name?: string): v is PdfName =>
  !!v && typeof v === 'object' && !Array.isArray(v) && v.t === 'name' && (name === undefined || v.v === name);
export const isStr = (v: PdfValue | undefined): v is PdfString => !!v && typeof v === 'object' && !Array.isArray(v) && v.t === 'str';

export function dictOf(v: PdfValue | undefined): PdfDict | undefined {
  if (isDict(v)) return v;
  if (isStream(v)) return v.dict;
  return undefined;
}

/** Structural equality; refs compare by number, streams by dictionary and raw bytes. */
export function sameValue(a: PdfValue, b: PdfValue, bytes: Uint8Array, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i], bytes, depth + 1));
  }
  if (a.t !== b.t) return false;
  switch (a.t) {
    case 'name': return a.v === (b as PdfName).v;
    case 'ref': return a.num === (b as PdfRef).num && a.gen === (b as PdfRef).gen;
    case 'str': return equalBytes(a.bytes, (b as PdfString).bytes);
    case 'dict': return sameDict(a, b as PdfDict, bytes, depth);
    case 'stream': {
      const s = b as PdfStream;
      if (!sameDict(a.dict, s.dict, bytes, depth)) return false;
      return equalBytes(bytes.subarray(a.dataStart, a.dataEnd), bytes.subarray(s.dataStart, s.dataEnd));
    }
  }
}

function sameDict(a: PdfDict, b: PdfDict, bytes: Uint8Array, depth: number): boolean {
  if (a.map.size !== b.map.size) return false;
  for (const [k, v] of a.map) {
    if (!b.map.has(k) || !sameValue(v, b.map.get(k) as PdfValue, bytes, depth + 1)) return false;
  }
  return true;
}

/** Keys whose values differ between two dictionaries (added, removed or changed). */
export function changedKeys(a: PdfDict, b: PdfDict, bytes: Uint8Array): string[] {
  const keys = new Set([...a.map.keys(), ...b.map.keys()]);
  return [...keys].filter((k) => !(a.map.has(k) && b.map.has(k) && sameValue(a.map.get(k) as PdfValue, b.map.get(k) as PdfValue, bytes)));
}
