import { constants, inflateSync } from 'node:zlib';
import { InflateDataError, type Inflate } from '../pdf/inflate';

/** Output chunks: about 4× the input (a small stream gets a small one), at most 64 KiB. */
const chunkFor = (input: number) => Math.min(64 * 1024, Math.max(1024, 2 ** Math.ceil(Math.log2(input * 4 + 1))));

/**
 * The inflate port (../pdf/inflate) on node:zlib: native zlib, several times cheaper than
 * fflate on a decompression bomb (the caps let one document inflate 128 MiB). One synchronous
 * call: `maxOutputLength` stops it one chunk past the cap, so a bomb costs no more than the cap.
 * `Z_SYNC_FLUSH` as the final flush: a stream cut short gives what decoded instead of an error.
 * zlib itself checks the Adler-32 trailer and ignores what follows it.
 */
export const zlibInflate: Inflate = (data, maxBytes) => {
  let out: Buffer;
  try {
    out = inflateSync(data, { maxOutputLength: maxBytes, finishFlush: constants.Z_SYNC_FLUSH, chunkSize: chunkFor(data.length) });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return null;
    throw new InflateDataError((e as Error).message);
  }
  // A small result may be a view into a larger chunk (or Buffer's shared pool): copied, so that
  // the many small streams the parser keeps do not each hold a whole chunk.
  if (out.byteOffset !== 0 || out.buffer.byteLength !== out.length) return new Uint8Array(out);
  return new Uint8Array(out.buffer, 0, out.length);
};
