import { UnsupportedMediaError } from '../shared/errors';

/** Input formats we accept, recognised by their magic bytes (never by file name or header). */
export type InputFormat = 'jpeg' | 'png' | 'tiff' | 'pdf' | 'webp';

function startsWith(bytes: Uint8Array, magic: readonly number[], offset = 0): boolean {
  return magic.every((b, i) => bytes[offset + i] === b);
}

export function sniffFormat(bytes: Uint8Array, source: string): InputFormat {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  // A PDF header may follow a little junk (the spec tolerates it within the first 1024 bytes).
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return 'pdf';
  throw new UnsupportedMediaError(
    'unsupported_media',
    `${source}: not a JPEG, PNG, TIFF, WebP or PDF file (content sniffed, extension ignored)`,
  );
}
