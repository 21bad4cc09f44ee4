import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** One file of a backup, as listed in its manifest: where it sits in the backup, its size and digest. */
export interface BackupFile {
  path: string;
  size: number;
  sha256: string;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Every regular file under `root`, as paths relative to it with '/' separators, sorted. */
export async function walk(root: string, skip: (rel: string) => boolean = () => false): Promise<string[]> {
  const out: string[] = [];
  async function visit(rel: string): Promise<void> {
    const entries = await fs.readdir(path.join(root, rel), { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return [];
      throw e;
    });
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (skip(child)) continue;
      if (e.isDirectory()) await visit(child);
      else if (e.isFile()) out.push(child);
    }
  }
  await visit('');
  return out.sort();
}

/**
 * Copies one file, keeping its mode (keys and secrets stay 0600), flushed to disk; returns the
 * digest of the bytes written, so the caller compares it with what it expected.
 */
export async function copyFile(from: string, to: string): Promise<{ size: number; sha256: string }> {
  const [bytes, stat] = await Promise.all([fs.readFile(from), fs.stat(from)]);
  await fs.mkdir(path.dirname(to), { recursive: true, mode: 0o700 });
  const fh = await fs.open(to, 'wx', stat.mode & 0o777);
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
  return { size: bytes.length, sha256: sha256Hex(bytes) };
}

/** Size and digest of a file as it is now, or undefined when it is missing. */
export async function describeFile(file: string): Promise<{ size: number; sha256: string } | undefined> {
  const bytes = await fs.readFile(file).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT' || e.code === 'EISDIR') return undefined;
    throw e;
  });
  return bytes && { size: bytes.length, sha256: sha256Hex(bytes) };
}

/** True when `dir` does not exist or holds nothing. */
export async function absentOrEmpty(dir: string): Promise<boolean> {
  try {
    return (await fs.readdir(dir)).length === 0;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw e;
  }
}

/** `child` is `parent` itself or inside it. */
export function isWithin(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Puts a finished staging folder where `target` is: `target` must be absent or an empty folder. */
export async function moveIntoPlace(staging: string, target: string): Promise<void> {
  await fs.rmdir(target).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
  });
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.rename(staging, target);
}
