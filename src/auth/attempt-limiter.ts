/**
 * Counts failed attempts per key (a username, a client address) in a sliding window and
 * locks the key once `max` attempts fall in it.
 *
 * An attempt is counted *before* the (slow) check it guards, so requests sent in parallel
 * cannot all pass the lock while the first ones are still being verified: of N parallel
 * attempts at most `max` are evaluated. The map is bounded: expired keys are dropped, and when
 * it is full the least recently touched unlocked keys go first (a flood of new keys must not
 * evict the locks it is trying to get around). In memory: a restart forgets.
 */
export interface AttemptLimiterOptions {
  max: number;
  windowMs: number;
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  count: number;
  /** When the window (and any lock) ends: `windowMs` after the last counted attempt. */
  until: number;
}

export class AttemptLimiter {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(private readonly o: AttemptLimiterOptions) {
    this.maxEntries = o.maxEntries ?? 10_000;
    this.now = o.now ?? Date.now;
  }

  /** Milliseconds until `key` may try again, or 0 when it may try now. */
  lockedFor(key: string): number {
    const e = this.live(key);
    return e && e.count >= this.o.max ? e.until - this.now() : 0;
  }

  /** Counts an attempt for `key` unless it is locked; returns false (nothing counted) when locked. */
  take(key: string): boolean {
    if (this.lockedFor(key) > 0) return false;
    const e = this.live(key) ?? { count: 0, until: 0 };
    e.count += 1;
    e.until = this.now() + this.o.windowMs;
    this.entries.delete(key); // re-insert: Map order is then least recently touched first
    this.makeRoom();
    this.entries.set(key, e);
    return true;
  }

  /** Takes back one counted attempt (it turned out to be a success that should not count). */
  refund(key: string): void {
    const e = this.live(key);
    if (!e) return;
    e.count -= 1;
    if (e.count <= 0) this.entries.delete(key);
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private live(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (e && e.until <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  private makeRoom(): void {
    if (this.entries.size < this.maxEntries) return;
    const t = this.now();
    for (const [k, e] of this.entries) if (e.until <= t) this.entries.delete(k);
    for (const [k, e] of this.entries) {
      if (this.entries.size < this.maxEntries) return;
      if (e.count < this.o.max) this.entries.delete(k);
    }
    // Only locks left: the oldest goes (it is the nearest to expiring anyway).
    for (const k of this.entries.keys()) {
      if (this.entries.size < this.maxEntries) return;
      this.entries.delete(k);
    }
  }
}

/**
 * Attempts still being checked, per key. An attempt counted before its check may turn out a
 * success; whoever finds the key locked only by such attempts waits for one to settle and
 * looks again, instead of being refused for failures that never happened.
 */
export class InFlight {
  private readonly pending = new Map<string, { count: number; settled: Promise<void>; resolve: () => void }>();

  start(key: string): void {
    const p = this.pending.get(key) ?? { count: 0, ...signal() };
    p.count += 1;
    this.pending.set(key, p);
  }

  end(key: string): void {
    const p = this.pending.get(key);
    if (!p) return;
    if (p.count <= 1) this.pending.delete(key);
    else this.pending.set(key, { count: p.count - 1, ...signal() });
    p.resolve();
  }

  /** Resolves when one of `key`'s attempts settles; undefined when none is being checked. */
  settled(key: string): Promise<void> | undefined {
    return this.pending.get(key)?.settled;
  }
}

function signal(): { settled: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const settled = new Promise<void>((r) => (resolve = r));
  return { settled, resolve };
}
