import { UnsupportedMediaError } from '../shared/errors';

export type AcceptedMime = 'image/jpeg' | 'image/png' | 'image/tiff' | 'application/pdf';

/**
 * Identifies an upload by its first bytes. The client's Content-Type and file name are not
 * trusted: a renamed .exe must not become a "PDF" in someone's dossier.
 */
export function sniffMime(bytes: Uint8Array): AcceptedMime | undefined {
  const b = bytes;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a)
    return 'image/png';
  if (b.length >= 4 && ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0x00) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0x00 && b[3] === 0x2a)))
    return 'image/tiff';
  // PDF readers accept the header anywhere in the first 1024 bytes.
  const head = Buffer.from(b.subarray(0, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return 'application/pdf';
  return undefined;
}

export function requireAcceptedMime(bytes: Uint8Array, name: string): AcceptedMime {
  const mime = sniffMime(bytes);
  if (!mime) {
    throw new UnsupportedMediaError('unsupported_file', `File '${name}' is not a JPEG, PNG, TIFF or PDF (judged by its content)`, { file: name });
  }
  return mime;
}

/**
 * How to hand an upload back: inline only when its bytes really are the image or PDF it was
 * stored as, from byte 0 (a file with `%PDF-` somewhere in its first kilobyte may be HTML too);
 * anything else is an opaque attachment. The HTTP layer adds `nosniff`, so browsers obey.
 */
export function servedAs(bytes: Uint8Array, storedMime: string): { mime: string; inline: boolean } {
  const sniffed = sniffMime(bytes);
  const fromStart = sniffed !== 'application/pdf' || Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';
  if (sniffed && sniffed === storedMime && fromStart) return { mime: sniffed, inline: true };
  return { mime: 'application/octet-stream', inline: false };
}
