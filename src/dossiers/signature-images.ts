import { existsSync, readdirSync, readFileSync, rmdirSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import type { AuditInput } from '../audit/audit-log';
import { isValidUsername } from '../auth/roles';
import { InvalidInputError } from '../shared/errors';
import { loadSharp } from '../shared/lazy-sharp';
import { MAX_IMAGE_BYTES as MAX_BYTES } from '../shared/limits';
import type { BlobStore } from '../storage/blob-store';
import type { SignatureImages } from './result-signing';

export type ImageKind = 'signature' | 'seal';

/** Which blob is the image of a key (`seal`, `signature:<username>`); SQLite's is storage/sqlite-image-registry.ts. */
export interface ImageRegistry {
  blobOf(key: string): Promise<string | undefined>;
  /** `audit`, when given, is appended in the transaction that records the image. */
  record(key: string, image: { blob: string; width: number; height: number }, at: number, audit?: AuditInput): Promise<void>;
}

type ImageSize = { width: number; height: number };

export type ImageStore = SignatureImages & {
  /** `audit` makes the entry recorded with the change (from the image's size, known once it is read). */
  set(kind: ImageKind, bytes: Uint8Array, username?: string, audit?: (size: ImageSize) => AuditInput): Promise<ImageSize>;
};

/**
 * Signature and seal images (ảnh chữ ký, con dấu): a leader's handwritten signature per user,
 * the agency's seal once. The PNG is a blob of the BlobStore, the registry says which blob is
 * whose. Where none is set the signing module draws a default. Uploads must be PNGs with
 * transparency, so the seal can lie over the signature as on paper.
 */
export function createImageStore(deps: { blobs: BlobStore; registry: ImageRegistry; now: () => number }): ImageStore {
  async function read(key: string) {
    const blob = await deps.registry.blobOf(key);
    return blob ? deps.blobs.get(blob) : undefined;
  }
  return {
    async signature(username) {
      return isValidUsername(username) ? read(imageKey('signature', username)) : undefined; // no such user can have one
    },
    seal: () => read(imageKey('seal')),
    async set(kind, bytes, username, audit) {
      const key = imageKey(kind, username);
      const size = await checkPng(bytes);
      await deps.registry.record(key, { blob: await deps.blobs.put(bytes), ...size }, deps.now(), audit?.(size));
      return size;
    },
  };
}

function imageKey(kind: ImageKind, username?: string): string {
  if (kind === 'seal') return 'seal';
  if (!isValidUsername(username ?? '')) throw new InvalidInputError('invalid_username', `'${username}' is not a valid username`);
  return `signature:${username}`;
}

async function checkPng(bytes: Uint8Array): Promise<ImageSize> {
  if (bytes.length > MAX_BYTES) throw new InvalidInputError('image_too_large', `The image must be at most ${MAX_BYTES} bytes`);
  const sharp = await loadSharp();
  let meta;
  try {
    meta = await sharp(bytes).metadata();
  } catch {
    throw new InvalidInputError('not_an_image', 'The file is not a readable image');
  }
  if (meta.format !== 'png' || !meta.hasAlpha) throw new InvalidInputError('png_with_transparency_required', 'Upload a PNG with a transparent background');
  return { width: meta.width ?? 0, height: meta.height ?? 0 };
}

/**
 * Earlier versions kept the images as files under `<dataDir>/images/` (`seal.png`,
 * `signature-<username>.png`): each is stored through `store` and its file removed once
 * recorded, so a start interrupted half-way takes the rest the next time.
 */
export async function migrateImageFiles(dataDir: string, store: ImageStore): Promise<number> {
  const dir = path.join(dataDir, 'images');
  if (!existsSync(dir)) return 0;
  let moved = 0;
  for (const name of readdirSync(dir)) {
    const m = /^(?:seal|signature-(.+))\.png$/.exec(name);
    if (!m) continue; // a temp file of an interrupted write, or not ours: left alone
    const file = path.join(dir, name);
    await store.set(m[1] === undefined ? 'seal' : 'signature', new Uint8Array(readFileSync(file)), m[1]);
    unlinkSync(file);
    moved++;
  }
  if (readdirSync(dir).length === 0) rmdirSync(dir);
  return moved;
}
