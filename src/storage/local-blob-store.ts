import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { NotFoundError, UnavailableError } from '../shared/errors';
import { BLOB_ID, type BlobStore } from './blob-store';

/** Where a data directory keeps its blobs. */
export const blobRoot = (dataDir: string) => path.join(dataDir, 'blobs');

/**
 * The embedded default: files under `<dataDir>/blobs/ab/cdef…`. Writes go to a temp file
 * that is fsynced and then renamed, so a crash leaves either the whole blob or none of it.
 */
export class LocalBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private pathOf(id: string): string {
    if (!BLOB_ID.test(id)) throw new NotFoundError('blob_not_found', `No blob ${id}`);
    return path.join(this.root, id.slice(0, 2), id.slice(2));
  }

  async put(bytes: Uint8Array): Promise<string> {
    const id = createHash('sha256').update(bytes).digest('hex');
    const target = this.pathOf(id);
    if (await exists(target)) return id;
    await fs.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    const fh = await fs.open(tmp, 'wx', 0o640);
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, target);
    await syncDir(path.dirname(target));
    return id;
  }

  async get(id: string): Promise<Uint8Array> {
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(this.pathOf(id));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError('blob_not_found', `No blob ${id}`);
      throw e;
    }
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== id) throw new UnavailableError('blob_corrupt', `Stored blob ${id} does not match its digest`);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /**
   * Removes the temp files of writes a killed process never finished (never referenced: a blob
   * exists under its name only once whole). Call at start, before anything is stored: like
   * requeueing running jobs, it assumes one server per data directory.
   */
  async sweepTemp(): Promise<number> {
    let removed = 0;
    const dirs = await fs.readdir(this.root).catch(() => [] as string[]);
    for (const dir of dirs.filter((d) => /^[0-9a-f]{2}$/.test(d))) {
      for (const name of await fs.readdir(path.join(this.root, dir))) {
        if (!name.endsWith('.tmp')) continue;
        await fs.rm(path.join(this.root, dir, name), { force: true });
        removed++;
      }
    }
    return removed;
  }

  async has(id: string): Promise<boolean> {
    return BLOB_ID.test(id) && exists(this.pathOf(id));
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

async function syncDir(dir: string): Promise<void> {
  const fh = await fs.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
