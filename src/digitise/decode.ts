import { inflateSync } from 'node:zlib';
import sharp, { type OutputInfo } from 'sharp';
import { InvalidInputError, isTaichoError, PayloadTooLargeError } from '../shared/errors';
import { MAX_PIXELS } from './limits';
import type { PageJob } from './page-job';

/** A decoded page: upright as the file says (EXIF applied), raw 8-bit pixels. */
export interface RasterPage {
  pixels: Buffer;
  width: number;
  height: number;
  channels: 1 | 3;
  /** Scan resolution: from the file, else estimated from an A4 sheet. */
  dpi: number;
}

const A4_LONG_INCHES = 11.69;

/** Stage 1 (worker): page job → raw pixels, EXIF orientation honoured, alpha flattened on white. */
export async function decode(job: PageJob): Promise<RasterPage> {
  const input = job.input;
  if (input.type === 'pdf-text') throw new InvalidInputError('not_raster', `${job.source}: a text PDF page has no raster to decode`);
  try {
    const image =
      input.type === 'flate'
        ? sharp(inflatePixels(input, job.source), { raw: { width: input.width, height: input.height, channels: input.channels } })
        : sharp(input.bytes, { page: input.page, limitInputPixels: MAX_PIXELS, failOn: 'error' });
    const meta = await image.metadata();
    const grey = meta.channels === 1 || meta.space === 'b-w' || (meta.channels === 2 && meta.hasAlpha);
    const { data, info } = await image
      .autoOrient()
      .flatten({ background: '#ffffff' })
      .toColourspace(grey ? 'b-w' : 'srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const channels = info.channels === 1 ? 1 : 3;
    const pixels = info.channels === channels ? data : await dropExtraChannels(data, info);
    const fileDpi = input.type === 'flate' ? input.dpi : (input.dpi ?? meta.density);
    return { pixels, width: info.width, height: info.height, channels, dpi: plausibleDpi(fileDpi, info.width, info.height) };
  } catch (e) {
    if (isTaichoError(e)) throw e;
    throw new InvalidInputError('bad_image', `${job.source}: cannot decode image (${(e as Error).message})`);
  }
}

type FlateInput = Extract<PageJob['input'], { type: 'flate' }>;

/**
 * A PDF image's Flate data → 8-bit pixels. The output may be no larger than the image's rows
 * need (its dimensions were checked against MAX_PIXELS when the PDF was split): a small stream
 * that inflates to a gigabyte stops at that size instead.
 */
function inflatePixels(input: FlateInput, source: string): Uint8Array {
  const { width, height, channels, bits } = input;
  const size = Math.ceil((width * channels * bits) / 8) * height;
  let packed: Uint8Array;
  try {
    packed = inflateSync(input.data, { maxOutputLength: size });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new PayloadTooLargeError('image_data_too_large', `${source}: image data inflates to more bytes than its ${width}×${height} pixels need (${size}): larger than the image`);
    }
    throw new InvalidInputError('bad_image', `${source}: cannot inflate image data (${(e as Error).message})`);
  }
  return bits === 1 ? unpackBits(packed, width, height) : packed;
}

/** 1-bit rows (padded to bytes, 0 = black) → 8-bit grey. */
function unpackBits(packed: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const stride = Math.ceil(width / 8);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      out[y * width + x] = packed[y * stride + (x >> 3)] & (0x80 >> (x & 7)) ? 255 : 0;
    }
  }
  return out;
}

async function dropExtraChannels(data: Buffer, info: OutputInfo): Promise<Buffer> {
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .removeAlpha()
    .raw()
    .toBuffer();
}

/**
 * Phone photos and some scanners say 72 dpi (or nothing). A document page is almost always
 * A4, so a missing or implausible figure is replaced by the A4 estimate.
 */
export function plausibleDpi(declared: number | undefined, width: number, height: number): number {
  const fromA4 = Math.max(width, height) / A4_LONG_INCHES;
  if (!declared || declared < 100 || declared > 1200) return Math.round(fromA4);
  return declared;
}
