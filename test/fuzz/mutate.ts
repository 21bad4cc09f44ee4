import fc from 'fast-check';

/**
 * Mutations of a seed file, as fast-check values, so a failing input shrinks to the fewest and
 * smallest edits that still fail and can be replayed from the seed and the path fast-check prints.
 * Positions are drawn as plain numbers and taken modulo the length of what they edit.
 */
export type Mutation =
  | { op: 'flip'; at: number; mask: number }
  | { op: 'truncate'; at: number }
  | { op: 'delete'; at: number; length: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'repeat'; at: number; length: number; times: number }
  | { op: 'splice'; other: number; from: number; length: number; at: number }
  | { op: 'dupXref'; which: number }
  | { op: 'dropXref'; which: number }
  | { op: 'hugeNumber'; which: number; value: string };

/** Numbers a parser must not trust: past 2^31 and 2^53, negative, exponent, 400 digits. */
export const HUGE_NUMBERS = ['2147483648', '4294967296', '9007199254740993', '99999999999999999999', '-1', '-2147483649', '1e308', '0', '9'.repeat(400), '0.000000000001'];

const at = fc.nat();
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('flip' as const), at, mask: fc.integer({ min: 1, max: 255 }) }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('truncate' as const), at }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 4096 }) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('insert' as const), at, bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('repeat' as const), at, length: fc.integer({ min: 1, max: 512 }), times: fc.integer({ min: 2, max: 64 }) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('splice' as const), other: fc.nat(), from: fc.nat(), length: fc.integer({ min: 1, max: 8192 }), at }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('dupXref' as const), which: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('dropXref' as const), which: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('hugeNumber' as const), which: fc.nat(), value: fc.constantFrom(...HUGE_NUMBERS) }), weight: 4 },
);

/** One seed (by index) and 1–`max` mutations of it. */
export function mutated(seedCount: number, max = 4) {
  return fc.record({ seed: fc.nat({ max: seedCount - 1 }), mutations: fc.array(mutation, { minLength: 1, maxLength: max }) });
}

export function applyAll(seeds: readonly Uint8Array[], seed: number, mutations: readonly Mutation[]): Uint8Array {
  return mutations.reduce((bytes, m) => apply(bytes, m, seeds), seeds[seed]);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

export function apply(b: Uint8Array, m: Mutation, seeds: readonly Uint8Array[]): Uint8Array {
  const pos = (n: number) => (b.length === 0 ? 0 : n % (b.length + 1));
  switch (m.op) {
    case 'flip': {
      if (b.length === 0) return b;
      const out = b.slice();
      out[m.at % b.length] ^= m.mask;
      return out;
    }
    case 'truncate':
      return b.subarray(0, pos(m.at));
    case 'delete':
      return concat(b.subarray(0, pos(m.at)), b.subarray(pos(m.at) + m.length));
    case 'insert':
      return concat(b.subarray(0, pos(m.at)), m.bytes, b.subarray(pos(m.at)));
    case 'repeat': {
      const p = pos(m.at);
      const piece = b.subarray(p, p + m.length);
      return concat(b.subarray(0, p), ...Array<Uint8Array>(m.times).fill(piece), b.subarray(p + piece.length));
    }
    case 'splice': {
      const other = seeds[m.other % seeds.length];
      const from = other.length === 0 ? 0 : m.from % other.length;
      return concat(b.subarray(0, pos(m.at)), other.subarray(from, from + m.length), b.subarray(pos(m.at)));
    }
    case 'dupXref':
    case 'dropXref': {
      const sections = xrefSections(b);
      if (sections.length === 0) return b;
      const [start, end] = sections[m.which % sections.length];
      // A copy of the section appended (a revision pointing at stale offsets), or the section cut out.
      return m.op === 'dupXref' ? concat(b, b.subarray(start, end)) : concat(b.subarray(0, start), b.subarray(end));
    }
    case 'hugeNumber': {
      const numbers = [...latin1(b).matchAll(/\d+/g)];
      if (numbers.length === 0) return b;
      const n = numbers[m.which % numbers.length];
      return concat(b.subarray(0, n.index), Buffer.from(m.value, 'latin1'), b.subarray(n.index + n[0].length));
    }
  }
}

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

/**
 * Byte ranges of the cross-reference sections: classic `xref … %%EOF` tables with their trailer,
 * and cross-reference streams (`N G obj << /Type /XRef … endobj`) up to their `%%EOF`.
 */
export function xrefSections(b: Uint8Array): [number, number][] {
  const text = latin1(b);
  const out: [number, number][] = [];
  for (const x of text.matchAll(/(?:^|[\r\n])(xref[\r\n]|\d+ \d+ obj\s*<<(?:(?!endobj)[\s\S]){0,400}?\/Type\s*\/XRef)/g)) {
    const start = x.index + (x[0].length - x[1].length);
    const eof = text.indexOf('%%EOF', start);
    out.push([start, eof < 0 ? text.length : eof + 5]);
  }
  return out;
}
