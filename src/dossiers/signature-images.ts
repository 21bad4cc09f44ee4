import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { isValidUsername } from '../auth/roles';
import { InvalidInputError } from '../shared/errors';
import { MAX_IMAGE_BYTES as MAX_BYTES } from '../shared/limits';
import type { SignatureImages } from './result-signing';

/**
 * Signature and seal images kept as files under `<dataDir>/images/`: `signature-<username>.png`
 * for a leader's handwritten signature, `seal.png` for the agency's seal. Where none is set the
 * signing module draws a default. Uploads must be PNGs with transparency, so the seal can lie
 * over the signature as on paper.
 */
export function createImageStore(dataDir: string): SignatureImages & { set(kind: 'signature' | 'seal', bytes: Uint8Array, username?: string): Promise<{ width: number; height: number }> } {
  const dir = path.join(dataDir, 'images');
  const file = (kind: 'signature' | 'seal', username?: string) => {
    if (kind === 'seal') return path.join(dir, 'seal.png');
    // The name becomes part of a path: only valid usernames, and the result must stay in `dir`.
    const f = path.join(dir, `signature-${username}.png`);
    if (!isValidUsername(username ?? '') || path.dirname(f) !== dir) throw new InvalidInputError('invalid_username', `'${username}' is not a valid username`);
    return f;
  };
  const read = (f: string) => (existsSync(f) ? new Uint8Array(readFileSync(f)) : undefined);
  return {
    signature(username) {
      try {
        return read(file('signature', username));
      } catch {
        return undefined; // no such user can have an image: the default is drawn
      }
    },
    seal: () => read(file('seal')),
    async set(kind, bytes, username) {
      const target = file(kind, username);
      if (bytes.length > MAX_BYTES) throw new InvalidInputError('image_too_large', `The image must be at most ${MAX_BYTES} bytes`);
      let meta;
      try {
        meta = await sharp(bytes).metadata();
      } catch {
        throw new InvalidInputError('not_an_image', 'The file is not a readable image');
      }
      if (meta.format !== 'png' || !meta.hasAlpha) throw new InvalidInputError('png_with_transparency_required', 'Upload a PNG with a transparent background');
      mkdirSync(dir, { recursive: true });
      writeFileSync(`${target}.tmp`, bytes);
      renameSync(`${target}.tmp`, target);
      return { width: meta.width ?? 0, height: meta.height ?? 0 };
    },
  };
}
