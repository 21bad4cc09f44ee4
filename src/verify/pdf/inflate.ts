import { Inflate as FflateInflate } from 'fflate';
import { concatBytes } from '../bytes';

/**
 * The inflate port: FlateDecode's zlib stream (RFC 1950, header already checked by the caller)
 * to bytes, never more than `maxBytes` of them. The same contract for every implementation, so
 * a document reads the same on every platform:
 * - more than `maxBytes` of output: `null` (the caller raises its limit error), found without
 *   inflating more than about the cap;
 * - a stream cut short (common in the wild, even inside a stored block): what decoded, no error;
 * - bytes after the Adler-32 trailer are ignored, a trailer cut short is accepted, a wrong one
 *   is refused;
 * - corrupt deflate data: InflateDataError, whose message names what was wrong.
 * Portable default: fflate (below); on Node, src/verify/node supplies Node's zlib,
 * several times cheaper on a bomb.
 */
export type Inflate = (zlib: Uint8Array, maxBytes: number) => Uint8Array | null;

export class InflateDataError extends Error {}

/**
 * fflate's streaming inflater, fed a few KiB of input at a time so that a bomb stops at the
 * cap instead of being inflated whole first: one push of 4 KiB inflates to at most about
 * 4 MiB (deflate's ratio is bounded by 1032:1).
 */
const INFLATE_CHUNK = 4096;

class OverCap extends Error {}

export const fflateInflate: Inflate = (data, maxBytes) => {
  const parts: Uint8Array[] = [];
  let total = 0;
  const inflater = new FflateInflate((chunk) => {
    total += chunk.length;
    if (total > maxBytes) throw new OverCap();
    parts.push(chunk);
  });
  try {
    for (let at = 2; at < data.length; at += INFLATE_CHUNK) inflater.push(data.subarray(at, Math.min(data.length, at + INFLATE_CHUNK)));
    inflater.push(new Uint8Array(0), true);
    checkAdler(inflater, parts);
  } catch (e) {
    if (e instanceof OverCap) return null;
    if (e instanceof InflateDataError) throw e;
    if ((e as { code?: number }).code !== FFLATE_UNEXPECTED_EOF) throw new InflateDataError((e as Error).message);
    // Cut short: keep what decoded, with the part of a stored block that arrived (as zlib does).
    const stored = storedTail(inflater);
    if (total + stored.length > maxBytes) return null;
    parts.push(stored);
  }
  return concatBytes(parts);
};

const FFLATE_UNEXPECTED_EOF = 0;

/** fflate's state after its last push: input not yet consumed (`p`), starting `s.p` bits into its first byte. */
interface FflateState {
  p?: Uint8Array;
  s?: { p?: number; l?: unknown };
}

/**
 * zlib's trailer: the Adler-32 of the output, after the deflate data, when the file kept it
 * (zlib accepts a stream cut before it, and refuses a wrong one). fflate leaves the bytes after
 * the deflate data in `p`, starting at the byte that holds its last bit (`s.p` bits in).
 */
function checkAdler(inflater: FflateInflate, parts: Uint8Array[]): void {
  const rest = inflater as unknown as FflateState;
  if (!rest.p || rest.s?.p === undefined) return;
  const tail = rest.p.subarray(rest.s.p & 7 ? 1 : 0);
  if (tail.length < 4) return;
  const want = ((tail[0] << 24) | (tail[1] << 16) | (tail[2] << 8) | tail[3]) >>> 0;
  if (adler32(parts) !== want) throw new InflateDataError('incorrect data check');
}

/**
 * The bytes of a stored (uncompressed) block that the input ends inside: fflate waits for the
 * whole block, zlib copies what there is. fflate stopped at the block's header (no Huffman
 * table in use), `s.p` bits into `p`: BFINAL, BTYPE 00, padding to the byte, LEN, NLEN, data.
 */
function storedTail(inflater: FflateInflate): Uint8Array {
  const { p, s } = inflater as unknown as FflateState;
  if (!p || s?.p === undefined || s.l) return new Uint8Array(0);
  const bit = s.p;
  if (bit + 3 > p.length * 8 || ((p[bit >> 3] | (p[(bit >> 3) + 1] << 8)) >> (bit & 7)) & 6) return new Uint8Array(0);
  const at = ((bit + 3 + 7) >> 3) + 4;
  if (at > p.length) return new Uint8Array(0);
  const len = p[at - 4] | (p[at - 3] << 8);
  if ((len ^ (p[at - 2] | (p[at - 1] << 8))) !== 0xffff) throw new InflateDataError('invalid stored block lengths');
  return p.slice(at, Math.min(p.length, at + len));
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
