import sharp from 'sharp';
import { InvalidInputError, isTaichoError, UnprocessableError } from '../shared/errors';
import { MAX_PAGES } from './limits';
import type { PageJob } from './page-job';
import { splitPdf, tooManyPages } from './pdf-input';
import { sniffFormat } from './sniff';

/**
 * Stage 0 (worker thread): one input file → its page jobs, in order. Parsing a hostile file is
 * where the cost hides (a PDF's page tree and streams, a TIFF's directory chain), so this runs in
 * a worker like the pages themselves, and refuses a file of more than MAX_PAGES pages.
 */
export async function splitInput(bytes: Uint8Array, source: string): Promise<PageJob[]> {
  try {
    const format = sniffFormat(bytes, source);
    if (format === 'pdf') return await splitPdf(bytes, source);
    if (format !== 'tiff') return [{ source, input: { type: 'encoded', bytes, page: 0 } }];
    return await splitTiff(bytes, source);
  } catch (e) {
    if (isTaichoError(e)) throw e;
    throw new UnprocessableError('unreadable_file', `${source}: cannot read the file (${(e as Error).message})`);
  }
}

async function splitTiff(bytes: Uint8Array, source: string): Promise<PageJob[]> {
  // libvips would walk every directory to count them (200 000 pages: 23 MB, 6 s of native work).
  if (tiffDirectories(bytes, MAX_PAGES + 1) > MAX_PAGES) throw tooManyPages(source, `more than ${MAX_PAGES}`);
  const meta = await sharp(bytes).metadata().catch((e: Error) => {
    throw new InvalidInputError('bad_image', `${source}: unreadable TIFF (${e.message})`);
  });
  const pages = meta.pages ?? 1;
  if (pages > MAX_PAGES) throw tooManyPages(source, String(pages));
  return Array.from({ length: pages }, (_, page) => ({
    source: pages > 1 ? `${source} page ${page + 1}` : source,
    input: { type: 'encoded' as const, bytes, page },
  }));
}

/**
 * Counts a classic TIFF's image directories by following their chain, stopping at `limit`, at
 * a loop or at an offset outside the file (libvips then reports the damage itself).
 */
export function tiffDirectories(bytes: Uint8Array, limit: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = bytes[0] === 0x49;
  const seen = new Set<number>();
  let count = 0;
  for (let at = view.getUint32(4, little); at !== 0 && count < limit && !seen.has(at); count++) {
    seen.add(at);
    if (at + 2 > bytes.length) break;
    const next = at + 2 + 12 * view.getUint16(at, little);
    if (next + 4 > bytes.length) break;
    at = view.getUint32(next, little);
  }
  return count;
}
