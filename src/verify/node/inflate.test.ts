import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fflateInflate, InflateDataError, type Inflate } from '../pdf/inflate';
import { PARSER_LIMITS, ParseBudget, PdfLimitError } from '../pdf/limits';
import { Lexer, type PdfStream } from '../pdf/objects';
import { decodeStream, StreamDecodeError } from '../pdf/streams';
import { zlibInflate } from './zlib-inflate';

/**
 * The inflate port (issue 15): the portable inflater (fflate) and the Node one (zlib) give the
 * same answer on every kind of input, and the answer expected of FlateDecode here: a cut
 * stream gives what decoded, bytes after the trailer are ignored, a wrong trailer is refused,
 * and the cap is exact.
 */
const INFLATERS: [string, Inflate][] = [
  ['fflate (portable)', fflateInflate],
  ['zlib (Node)', zlibInflate],
];

const TEXT = Buffer.from(Array.from({ length: 20_000 }, (_, i) => `dòng ${i}: ${(i * 7919) % 10007}\n`).join(''));
const packed = deflateSync(TEXT);
const stored = deflateSync(TEXT, { level: 0 });
/** LEN of the first stored block (zlib makes them a little under 64 KiB). */
const firstBlock = stored[3] | (stored[4] << 8);
const cat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const flip = (b: Uint8Array, at: number) => {
  const c = new Uint8Array(b); // a copy (Buffer's slice would be a view)
  c[at] ^= 0xff;
  return c;
};

type Outcome = { bytes: Buffer } | { overCap: true } | { error: string };

function outcome(inflate: Inflate, data: Uint8Array, cap: number): Outcome {
  try {
    const out = inflate(data, cap);
    return out ? { bytes: Buffer.from(out) } : { overCap: true };
  } catch (e) {
    expect(e).toBeInstanceOf(InflateDataError);
    return { error: (e as Error).message };
  }
}

const BIG = 1 << 30;
const prefixOfText = (o: Outcome, atLeast: number) => {
  expect('bytes' in o).toBe(true);
  const b = (o as { bytes: Buffer }).bytes;
  expect(b.length).toBeGreaterThanOrEqual(atLeast);
  expect(b.length).toBeLessThan(TEXT.length);
  expect(b.equals(TEXT.subarray(0, b.length))).toBe(true);
};
/** Compared as bytes: toEqual on 300 KB is slow, and its diff unreadable. */
const bytesOf = (o: Outcome) => ('bytes' in o ? o.bytes : o);
const sameBytes = (o: Outcome, want: Buffer) => expect(bytesOf(o) instanceof Buffer && (bytesOf(o) as Buffer).equals(want) ? 'same' : bytesOf(o)).toBe('same');
const whole = (o: Outcome) => sameBytes(o, TEXT);

const CASES: [string, Uint8Array, number, (o: Outcome) => void][] = [
  ['compressed, whole', packed, BIG, whole],
  ['stored blocks, whole', stored, BIG, whole],
  ['empty stream', deflateSync(Buffer.alloc(0)), BIG, (o) => expect(o).toEqual({ bytes: Buffer.alloc(0) })],
  ['only the header', packed.subarray(0, 2), BIG, (o) => expect(o).toEqual({ bytes: Buffer.alloc(0) })],
  ['cut in compressed data', packed.subarray(0, packed.length >> 1), BIG, (o) => prefixOfText(o, 1000)],
  ['cut inside a stored block', stored.subarray(0, 70_000), BIG, (o) => sameBytes(o, TEXT.subarray(0, 70_000 - 2 - 5 - 5))],
  ['cut inside a stored block header', stored.subarray(0, 2 + 5 + firstBlock + 2), BIG, (o) => sameBytes(o, TEXT.subarray(0, firstBlock))],
  ['trailer missing', packed.subarray(0, packed.length - 4), BIG, whole],
  ['trailer cut short', packed.subarray(0, packed.length - 2), BIG, whole],
  ['garbage after the trailer', cat(packed, Buffer.from(' \r\nendstream garbage')), BIG, whole],
  ['wrong trailer', flip(packed, packed.length - 1), BIG, (o) => expect(o).toEqual({ error: 'incorrect data check' })],
  ['invalid block type', cat(packed.subarray(0, 2), Buffer.from([0x07, 0, 0, 0])), BIG, (o) => expect(o).toEqual({ error: 'invalid block type' })],
  ['output exactly at the cap', packed, TEXT.length, whole],
  ['output one byte over the cap', packed, TEXT.length - 1, (o) => expect(o).toEqual({ overCap: true })],
  ['bomb at the per-stream cap', deflateSync(Buffer.alloc(PARSER_LIMITS.maxStreamBytes)), PARSER_LIMITS.maxStreamBytes, (o) => expect('bytes' in o && o.bytes.length).toBe(PARSER_LIMITS.maxStreamBytes)],
  ['bomb one byte over the per-stream cap', deflateSync(Buffer.alloc(PARSER_LIMITS.maxStreamBytes + 1)), PARSER_LIMITS.maxStreamBytes, (o) => expect(o).toEqual({ overCap: true })],
  ['stored block cut, its part over the cap', stored.subarray(0, 70_000), firstBlock + 100, (o) => expect(o).toEqual({ overCap: true })],
];

describe('the inflate port: fflate and zlib agree', () => {
  it.each(CASES)('%s', (_name, data, cap, expected) => {
    const [portable, node] = INFLATERS.map(([, inflate]) => outcome(inflate, data, cap));
    expected(portable);
    expected(node);
  });
});

/** A stream object parsed from `dict` and raw `data`, as the reader sees it. */
function streamOf(dict: string, data: Uint8Array): { bytes: Uint8Array; stream: PdfStream } {
  const bytes = new Uint8Array(Buffer.concat([Buffer.from(`<<${dict}/Length ${data.length}>>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]));
  return { bytes, stream: new Lexer(bytes).parseValue() as PdfStream };
}

describe.each(INFLATERS)('FlateDecode filters through %s', (_name, inflate) => {
  const twice = streamOf('/Filter[/FlateDecode/FlateDecode]', deflateSync(deflateSync(TEXT)));

  it('decodes two stages and charges both to the document', () => {
    const budget = new ParseBudget(1_000_000);
    expect(Buffer.from(decodeStream(twice.bytes, twice.stream, budget, inflate)).equals(TEXT)).toBe(true);
    const firstStage = deflateSync(TEXT).length;
    budget.chargeDecoded(PARSER_LIMITS.maxDecodedBytes - PARSER_LIMITS.maxStreamBytes - TEXT.length - firstStage);
    expect(budget.decodeAllowance()).toBe(PARSER_LIMITS.maxStreamBytes);
    budget.chargeDecoded(1);
    expect(budget.decodeAllowance()).toBe(PARSER_LIMITS.maxStreamBytes - 1);
  });

  it('refuses a second stage that inflates past the per-stream cap', () => {
    const bomb = streamOf('/Filter[/FlateDecode/FlateDecode]', deflateSync(deflateSync(Buffer.alloc(PARSER_LIMITS.maxStreamBytes + 1)), { level: 9 }));
    expect(() => decodeStream(bomb.bytes, bomb.stream, new ParseBudget(1_000_000), inflate)).toThrow(PdfLimitError);
  });

  it('reports corrupt data as an unreadable stream', () => {
    const bad = streamOf('/Filter/FlateDecode', flip(deflateSync(TEXT), deflateSync(TEXT).length - 1));
    expect(() => decodeStream(bad.bytes, bad.stream, new ParseBudget(1_000_000), inflate)).toThrow(StreamDecodeError);
    expect(() => decodeStream(bad.bytes, bad.stream, new ParseBudget(1_000_000), inflate)).toThrow('FlateDecode failed: incorrect data check');
  });
});
