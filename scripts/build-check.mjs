/**
 * Is dist/ current? Read at every start of bin/taicho.mjs, so it imports nothing but node:fs.
 * dist/build.json lists the files the last build read; the build is stale when one of them was
 * changed (or removed) after that build started. mtimes, not hashes: stat-ing the ~250 sources
 * costs a few milliseconds, reading and hashing them would cost more than the start-up we save.
 * A `git pull` or checkout rewrites the files it changes, so their mtimes move too; a new file
 * matters only once an existing one imports it, and that one changed.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = path.join(ROOT, 'dist');
export const MANIFEST = path.join(DIST, 'build.json');

/** Why dist/ must be built again, or undefined when it is current (`root`: another checkout, for tests). */
export function staleReason(root = ROOT) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(root, 'dist', 'build.json'), 'utf8'));
  } catch {
    return 'dist/ has not been built';
  }
  for (const input of manifest.inputs) {
    let mtime;
    try {
      mtime = statSync(path.join(root, input)).mtimeMs;
    } catch {
      return `${input} is gone`;
    }
    if (mtime >= manifest.startedAt) return `${input} changed`;
  }
  return undefined;
}
