import type { Hash } from 'node:crypto';

/** A hash of the bytes of one ArrayBuffer from a part's start up to `end` (an offset in the buffer). */
interface Checkpoint {
  end: number;
  hash: Hash;
}

/**
 * Hash states of the prefixes already hashed in the file being verified, so that the next
 * ByteRange hashes only what lies beyond the nearest one (`hash.copy()`): the first range of
 * every signature of an LT document starts at 0 and runs to the next signature's /Contents,
 * so the file is hashed about once instead of once per signature (dss-lt-short: 25 times).
 * Only for a buffer registered for the time of its verification (withPrefixHashes): the bytes
 * do not change then, while a caller may reuse its buffer for other bytes afterwards.
 */
const scopes = new Map<ArrayBufferLike, Map<string, Checkpoint[]>>();

export async function withPrefixHashes<T>(bytes: Uint8Array, run: () => Promise<T>): Promise<T> {
  if (scopes.has(bytes.buffer)) return run(); // the same buffer verified twice at once: one scope serves both
  scopes.set(bytes.buffer, new Map());
  try {
    return await run();
  } finally {
    scopes.delete(bytes.buffer);
  }
}

/**
 * `first` hashed by `make()`'s kind of hash, resuming from the longest prefix already hashed
 * with `key` (the algorithm) from the same start; the state at its end is kept for the next.
 * `copy` copies a state (XOF hashes must be told their output length again).
 */
export function hashFirstPart(key: string, first: Uint8Array, make: () => Hash, copy: (h: Hash) => Hash): Hash {
  const scope = scopes.get(first.buffer);
  if (!scope || first.length === 0) return make().update(first);
  const id = `${key}@${first.byteOffset}`;
  let list = scope.get(id);
  if (!list) scope.set(id, (list = []));
  const end = first.byteOffset + first.length;
  let best: Checkpoint | undefined;
  for (const c of list) if (c.end <= end && (!best || c.end > best.end)) best = c;
  const hash = best ? copy(best.hash) : make();
  const from = best ? best.end : first.byteOffset;
  hash.update(new Uint8Array(first.buffer, from, end - from));
  if (best?.end !== end) list.push({ end, hash: copy(hash) });
  return hash;
}
