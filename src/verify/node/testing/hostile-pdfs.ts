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
 * An xref stream declaring `entries` objects in /Index ranges of a million, followed by
 * `emptyRevisions` incremental updates with no entries of their own. With /W [0 0 0] (the
 * default) rows take no bytes, so 234 bytes declared 5 000 000 entries; with `rowBytes: 1` the
 * rows are real (one byte each, all "free", deflated to a few KiB). The old reader copied the
 * whole table once per revision: with 40 revisions it ran out of heap.
 */
export function bigXrefTable(o: { entries?: number; emptyRevisions?: number; rowBytes?: 0 | 1 } = {}): Uint8Array {
  const entries = o.entries ?? 5_000_000;
  const w = new Writer();
  w.write(HEADER);
  const ranges: number[] = [];
  for (let first = 0; first < entries; first += 1_000_000) ranges.push(first, Math.min(1_000_000, entries - first));
  const data = o.rowBytes ? deflateSync(Buffer.alloc(entries)) : Buffer.alloc(0);
  const shape = o.rowBytes ? '/W[1 0 0]/Filter/FlateDecode' : '/W[0 0 0]';
  let xref = w.write(`1 0 obj\n<</Type/XRef/Size ${entries}${shape}/Index[${ranges.join(' ')}]/Root 1 0 R/Length ${data.length}>>\nstream\n`);
  w.write(data);
  w.write('\nendstream\nendobj\n');
  w.write(`startxref\n${xref}\n%%EOF\n`);
  for (let i = 0; i < (o.emptyRevisions ?? 0); i++) {
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
 * the fallback scan used to search to the end of the file once per object. `asCatalogs` makes
 * every object claim to be the catalog, so the scan must parse each one (linear, but slow).
 */
export function unterminatedStreams(objects = 30_000, asCatalogs = false): Uint8Array {
  const w = new Writer();
  w.write(HEADER);
  const type = asCatalogs ? '/Type/Catalog' : '';
  for (let i = 1; i <= objects; i++) w.write(`${i} 0 obj\n<<${type}/Length 999999>>\nstream\nxx\n`);
  w.write('startxref\n999999999\n%%EOF\n');
  return w.bytes();
}

/**
 * `objects` objects each opening a string that holds all the following ones, listed by a valid
 * cross-reference table in two revisions (so the change analysis reads every object): parsing
 * object k reads the rest of the file, quadratic in time and in memory for the strings kept.
 */
export function nestedStrings(objects = 20_000): Uint8Array {
  const w = new Writer();
  w.write(HEADER);
  const offsets: number[] = [];
  for (let i = 1; i <= objects; i++) offsets.push(w.write(`${i} 0 obj (\n`));
  w.write(`${')'.repeat(objects)}\nendobj\n`);
  const table = () => `xref\n0 ${objects + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  const first = w.write(table());
  w.write(`trailer\n<</Size ${objects + 1}>>\nstartxref\n${first}\n%%EOF\n`);
  const second = w.write(table());
  w.write(`trailer\n<</Size ${objects + 1}/Prev ${first}>>\nstartxref\n${second}\n%%EOF\n`);
  return w.bytes();
}
