import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bigXrefTable, flateChainBomb, nestedStrings, unterminatedStreams } from './testing/hostile-pdfs';
import { PdfDocument } from '../pdf/document';
import { PARSER_LIMITS, ParseBudget, PdfLimitError } from '../pdf/limits';
import { Lexer, MAX_CONTAINER_ITEMS, isStr, type PdfStream } from '../pdf/objects';
import { decodeStream } from '../pdf/streams';
import { XrefVersions } from '../pdf/versions';
import { parseXrefSection, type XrefEntry } from '../pdf/xref';

/**
 * The parser's caps against the crafted files of the security review (issue 12). Each of these
 * took the old reader from 17 s to minutes, or ended the process out of heap.
 */
const latin1 = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

/** A stream object parsed from `dict` and raw `data`, as the reader sees it. */
function streamOf(dict: string, data: Uint8Array): { bytes: Uint8Array; stream: PdfStream } {
  const bytes = new Uint8Array(Buffer.concat([Buffer.from(`<<${dict}/Length ${data.length}>>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]));
  return { bytes, stream: new Lexer(bytes).parseValue() as PdfStream };
}

/** An xref stream object at offset 0 with `rows` one-byte rows (/W [1 0 0]). */
function xrefStream(rows: number, index = `[0 ${rows}]`): Uint8Array {
  const data = deflateSync(Buffer.alloc(rows, 1));
  return new Uint8Array(Buffer.concat([latin1(`1 0 obj\n<</Type/XRef/W[1 0 0]/Index${index}/Size ${rows}/Filter/FlateDecode/Length ${data.length}>>\nstream\n`), data, latin1('\nendstream\nendobj\n')]));
}

/** CPU time of this process in ms: the bounds hold on a machine shared with other work too. */
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

describe('cross-reference caps', () => {
  it('refuses an xref stream whose /W sums to 0 (5 000 000 entries in 205 bytes)', () => {
    const pdf = bigXrefTable();
    expect(pdf.length).toBeLessThan(300);
    expect(() => parseXrefSection(pdf, Buffer.from(pdf).indexOf('1 0 obj'), new ParseBudget(1_000_000))).toThrow(PdfLimitError);
    expect(() => new PdfDocument(pdf)).toThrow(/W sums to 0/);
  });

  it('counts entries over the whole document and stops past the cap', () => {
    const budget = new ParseBudget(1_000_000);
    const ok = parseXrefSection(xrefStream(1000), 0, budget);
    expect(ok.entries.size).toBe(1000);
    const rows = PARSER_LIMITS.maxEntries - 1000 + 1;
    expect(() => parseXrefSection(xrefStream(rows), 0, budget)).toThrow(/more than 500000 cross-reference entries/);
  });

  it('counts only the rows present, not what /Index promises', () => {
    const s = parseXrefSection(xrefStream(10, '[0 4000000]'), 0, new ParseBudget(1_000_000));
    expect(s.entries.size).toBe(10);
  });

  it('caps the /Index ranges of one stream', () => {
    const index = `[${Array.from({ length: PARSER_LIMITS.maxIndexRanges + 1 }, (_, i) => `${i} 0`).join(' ')}]`;
    expect(() => parseXrefSection(xrefStream(10, index), 0, new ParseBudget(1_000_000))).toThrow(/Index has more than/);
  });
});

describe('stream decoding caps', () => {
  it('refuses more than the allowed filters on one stream', () => {
    let data: Uint8Array = latin1('x');
    for (let i = 0; i < PARSER_LIMITS.maxFilters + 1; i++) data = deflateSync(data);
    const { bytes, stream } = streamOf(`/Filter[${'/FlateDecode '.repeat(PARSER_LIMITS.maxFilters + 1)}]`, data);
    expect(() => decodeStream(bytes, stream, new ParseBudget(1_000_000))).toThrow(/filters on one stream/);
    const two = streamOf('/Filter[/FlateDecode/FlateDecode]', deflateSync(deflateSync(latin1('deux filtres'))));
    expect(Buffer.from(decodeStream(two.bytes, two.stream, new ParseBudget(1_000_000))).toString()).toBe('deux filtres');
  });

  it('stops inflating a bomb at the per-stream cap, without retrying', () => {
    const { bytes, stream } = streamOf('/Filter/FlateDecode', deflateSync(Buffer.alloc(PARSER_LIMITS.maxStreamBytes + 1)));
    expect(() => decodeStream(bytes, stream, new ParseBudget(1_000_000))).toThrow(PdfLimitError);
  });

  it('charges every stage of every stream to one budget per document', () => {
    const mib = 16 * 1024 * 1024;
    const { bytes, stream } = streamOf('/Filter/FlateDecode', deflateSync(Buffer.alloc(mib)));
    const budget = new ParseBudget(1_000_000);
    const fits = Math.floor(PARSER_LIMITS.maxDecodedBytes / mib);
    for (let i = 0; i < fits; i++) decodeStream(bytes, stream, budget);
    expect(() => decodeStream(bytes, stream, budget)).toThrow(/per document/);
  });

  it('a chain of FlateDecode bombs over 400 sections is refused in well under a second of parsing', () => {
    const pdf = flateChainBomb();
    expect(pdf.length).toBeLessThan(200_000);
    const t = cpuNow();
    expect(() => new PdfDocument(pdf)).toThrow(PdfLimitError);
    // Before the cap: 42 s (every section inflated 64 MiB twice over).
    expect(cpuNow() - t).toBeLessThan(8_000);
  });
});

describe('revisions share one table', () => {
  it('a 450 000-entry table followed by 40 empty revisions: fast and small', () => {
    const pdf = bigXrefTable({ entries: 450_000, rowBytes: 1, emptyRevisions: 40 });
    const heap = process.memoryUsage().heapUsed;
    const t = performance.now();
    const doc = new PdfDocument(pdf);
    expect(doc.entry(449_999, 40)).toEqual({ type: 'f' });
    expect(doc.entry(12_345, 0)).toEqual({ type: 'f' });
    // A table copied per revision: 41 × 450 000 entries (out of heap at 5 million).
    expect(doc.revisions).toHaveLength(41);
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(150 * 1024 * 1024);
    expect(performance.now() - t).toBeLessThan(8_000);
  });

  it('an object is read as of a revision: the newest definition at or before it', () => {
    const n = (offset: number): XrefEntry => ({ type: 'n', offset, gen: 0 });
    const v = new XrefVersions([
      new Map([[1, n(10)], [2, n(20)], [3, n(30)]]),
      new Map([[2, n(21)]]),
      new Map<number, XrefEntry>([[3, { type: 'f' }], [4, n(40)]]),
    ]);
    expect([0, 1, 2].map((r) => v.get(2, r))).toEqual([n(20), n(21), n(21)]);
    expect([0, 1, 2].map((r) => v.get(3, r))).toEqual([n(30), n(30), { type: 'f' }]);
    expect([0, 1, 2].map((r) => v.get(4, r))).toEqual([undefined, undefined, n(40)]);
    expect(v.get(1, 3)).toBeUndefined();
    expect(v.get(1, -1)).toBeUndefined();
  });
});

describe('objects read once', () => {
  it('objects nested in each other’s strings are refused before parsing turns quadratic', () => {
    const pdf = nestedStrings(20_000);
    const t = performance.now();
    const doc = new PdfDocument(pdf);
    // The change analysis reads every object of the second revision; each held the rest of the
    // file (over a minute and gigabytes of strings before the parse budget).
    expect(() => doc.getObject(1, 0)).not.toThrow();
    expect(() => {
      for (let n = 1; n <= 20_000; n++) doc.getObject(n, 0);
    }).toThrow(/parsing read more than 4 times/);
    expect(performance.now() - t).toBeLessThan(8_000);
  });
});

describe('object size caps', () => {
  it('refuses arrays and dictionaries beyond the item cap, and reads those at it', () => {
    const items = (n: number) => Array.from({ length: n }, () => '0').join(' ');
    expect((new Lexer(latin1(`[${items(MAX_CONTAINER_ITEMS)}]`)).parseValue() as number[]).length).toBe(MAX_CONTAINER_ITEMS);
    expect(() => new Lexer(latin1(`[${items(MAX_CONTAINER_ITEMS + 1)}]`)).parseValue()).toThrow(PdfLimitError);
    const keys = (n: number) => Array.from({ length: n }, (_, i) => `/k${i} 0`).join('');
    expect(() => new Lexer(latin1(`<<${keys(MAX_CONTAINER_ITEMS + 1)}>>`)).parseValue()).toThrow(/dictionary of more than/);
  });

  it('reads a long literal string with escapes byte for byte', () => {
    const body = 'Nguyễn Thị Ánh Tuyết '.repeat(50_000);
    const v = new Lexer(latin1(`(${Buffer.from(body, 'utf8').toString('latin1')} \\(nested\\) \\101)`)).parseValue();
    expect(isStr(v) && Buffer.from(v.bytes).toString('utf8')).toBe(`${body} (nested) A`);
  });
});

describe('fallback scan', () => {
  it('reads each object once: 30 000 streams without endstream and no xref', () => {
    const pdf = unterminatedStreams(30_000, true);
    const t = cpuNow();
    const doc = new PdfDocument(pdf);
    // Before: every object's parse searched to the end of the file (869 KB: 22 s).
    expect(cpuNow() - t).toBeLessThan(8_000);
    expect(doc.repaired).toBe(true);
    expect(doc.revisions[0].entries.size).toBe(30_000);
  });

  it('still finds the catalog of a file whose cross-reference data is gone', () => {
    const pdf = latin1('%PDF-1.7\n1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n2 0 obj\n<</Type/Pages/Kids[]/Count 0>>\nendobj\nstartxref\n999\n%%EOF\n');
    const doc = new PdfDocument(pdf);
    expect(doc.repaired).toBe(true);
    expect(doc.catalog()?.map.get('Pages')).toEqual({ t: 'ref', num: 2, gen: 0 });
  });
});
