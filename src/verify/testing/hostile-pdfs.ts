import { deflateSync } from 'node:zlib';

/**
 * The crafted PDFs of the security review (issue 12), rebuilt byte by byte so the tests do not
 * depend on stored samples. Each is tiny on the wire and, before the parser's caps, cost seconds
 * to minutes of CPU or gigabytes of memory.
 */
const enc = (s: string) => Buffer.from(s, 'latin1');

/** Pieces joined in order, with each piece's offset (for startxref and /Prev). */
class Writer {
  private parts: Buffer[] = [];
  length = 0;

  write(p: string | Uint8Array): number {
    const at = this.length;
    const b = typeof p === 'string' ? enc(p) : Buffer.from(p);
    this.parts.push(b);
    this.length += b.length;
    return at;
  }

  bytes(): Uint8Array {
    return new Uint8Array(Buffer.concat(this.parts));
  }
}

const HEADER = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';

/**
 * An xref stream with /W [0 0 0] whose /Index declares `entries` objects in ranges of a million:
 * zero-width rows cost no data, so 234 bytes declared 5 000 000 entries. `emptyRevisions`
 * incremental updates follow, each a classic section with no entries (the old reader copied the
 * whole table once per revision and ran out of heap).
 */
export function zeroWidthXref(entries = 5_000_000, emptyRevisions = 0): Uint8Array {
  const w = new Writer();
  w.write(HEADER);
  const ranges: number[] = [];
  for (let first = 0; first < entries; first += 1_000_000) ranges.push(first, Math.min(1_000_000, entries - first));
  let xref = w.write(`1 0 obj\n<</Type/XRef/Size ${entries}/W[0 0 0]/Index[${ranges.join(' ')}]/Root 1 0 R/Length 0>>\nstream\n\nendstream\nendobj\n`);
  w.write(`startxref\n${xref}\n%%EOF\n`);
  for (let i = 0; i < emptyRevisions; i++) {
    const at = w.write(`xref\n0 0\ntrailer\n<</Size ${entries}/Root 1 0 R/Prev ${xref}>>\n`);
    w.write(`startxref\n${at}\n%%EOF\n`);
    xref = at;
  }
  return w.bytes();
}

/**
 * `sections` xref streams chained by /Prev, each `/Filter [/FlateDecode /FlateDecode]` over
 * data that inflates to `inflatedMiB` MiB (64 MiB from a few hundred bytes).
 */
export function flateChainBomb(sections = 400, inflatedMiB = 64): Uint8Array {
  const payload = deflateSync(deflateSync(Buffer.alloc(inflatedMiB * 1024 * 1024), { level: 9 }), { level: 9 });
  const w = new Writer();
  w.write(HEADER);
  w.write('1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n2 0 obj\n<</Type/Pages/Kids[]/Count 0>>\nendobj\n');
  let prev = -1;
  for (let i = 0; i < sections; i++) {
    const num = 3 + i;
    const prevKey = prev >= 0 ? `/Prev ${prev}` : '';
    const at = w.write(`${num} 0 obj\n<</Type/XRef/Size ${num + 1}/W[1 4 1]/Root 1 0 R${prevKey}/Filter[/FlateDecode/FlateDecode]/Length ${payload.length}>>\nstream\n`);
    w.write(payload);
    w.write('\nendstream\nendobj\n');
    w.write(`startxref\n${at}\n%%EOF\n`);
    prev = at;
  }
  return w.bytes();
}

/**
 * No readable cross-reference data, and `objects` stream objects none of which has `endstream`:
 * the fallback scan used to search to the end of the file once per object.
 */
export function unterminatedStreams(objects = 30_000): Uint8Array {
  const w = new Writer();
  w.write(HEADER);
  for (let i = 1; i <= objects; i++) w.write(`${i} 0 obj\n<</Length 999999>>\nstream\nxx\n`);
  w.write('startxref\n999999999\n%%EOF\n');
  return w.bytes();
}
