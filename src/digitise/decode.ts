import sharp, { type OutputInfo, type Sharp } from 'sharp';
import { InvalidInputError, UnsupportedMediaError } from '../shared/errors';
import type { PageJob } from './page-job';
import { splitPdf } from './pdf-input';
import { sniffFormat } from './sniff';

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
const MAX_PIXELS = 12_000 * 12_000;

/** Stage 0 (main thread, cheap): one input file → its page jobs, in order. */
export async function splitInput(bytes: Uint8Array, source: string): Promise<PageJob[]> {
  const format = sniffFormat(bytes, source);
  if (format === 'pdf') return splitPdf(bytes, source);
  if (format !== 'tiff') return [{ source, input: { type: 'encoded', bytes, page: 0 } }];
  const meta = await sharp(bytes).metadata().catch((e: Error) => {
    throw new InvalidInputError('bad_image', `${source}: unreadable TIFF (${e.message})`);
  });
  const pages = meta.pages ?? 1;
  return Array.from({ length: pages }, (_, page) => ({
    source: pages > 1 ? `${source} page ${page + 1}` : source,
    input: { type: 'encoded' as const, bytes, page },
  }));
}

/** Stage 1 (worker): page job → raw pixels, EXIF orientation honoured, alpha flattened on white. */
export async function decode(job: PageJob): Promise<RasterPage> {
  const input = job.input;
  if (input.type === 'pdf-text') throw new InvalidInputError('not_raster', `${job.source}: a text PDF page has no raster to decode`);
  const image =
    input.type === 'raw'
      ? sharp(input.pixels, { raw: { width: input.width, height: input.height, channels: input.channels } })
      : sharp(input.bytes, { page: input.page, limitInputPixels: MAX_PIXELS, failOn: 'error' });
  try {
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
    const fileDpi = input.type === 'raw' ? input.dpi : (input.dpi ?? meta.density);
    return { pixels, width: info.width, height: info.height, channels, dpi: plausibleDpi(fileDpi, info.width, info.height) };
  } catch (e) {
    if (e instanceof UnsupportedMediaError) throw e;
    throw new InvalidInputError('bad_image', `${job.source}: cannot decode image (${(e as Error).message})`);
  }
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
