/**
 * Counts failed tries per key (a dossier, a client, a signing key) and locks a key that has too many: after
 * `maxFailures` failures it is locked for `baseLockMs`, and each failure after that doubles
 * the lock (up to `maxLockMs`). While locked the caller does not even check the proof, so a
 * lock answers nothing. A key quiet for `forgetMs` is forgotten.
 *
 * In memory: a restart forgets the counts, which is acceptable for one process (the audit
 * trail keeps every failure). Past `maxKeys` the oldest unlocked keys are dropped; locked ones
 * stay until their lock ends (each took 5 audited failures to make).
 */
export interface ThrottleOptions {
  maxFailures?: number;
  baseLockMs?: number;
  maxLockMs?: number;
  forgetMs?: number;
  maxKeys?: number;
}

interface State {
  failures: number;
  lockMs: number;
  lockedUntil: number;
  lastAt: number;
}

export class FailureThrottle {
  private readonly state = new Map<string, State>();
  private readonly o: Required<ThrottleOptions>;

  constructor(o: ThrottleOptions = {}) {
    this.o = { maxFailures: 5, baseLockMs: 60_000, maxLockMs: 24 * 3_600_000, forgetMs: 24 * 3_600_000, maxKeys: 100_000, ...o };
  }

  /** Failures counted for `key` since it was last forgotten (0 when none). */
  failures(key: string, now: number): number {
    return this.current(key, now)?.failures ?? 0;
  }

  /** Milliseconds `key` stays locked (0: not locked). */
  lockedFor(key: string, now: number): number {
    const s = this.state.get(key);
    return s ? Math.max(0, s.lockedUntil - now) : 0;
  }

  /** Counts a failure; returns the lock it started, in ms, or 0 when none. */
  fail(key: string, now: number): { failures: number; lockMs: number } {
    const s = this.current(key, now) ?? { failures: 0, lockMs: 0, lockedUntil: 0, lastAt: now };
    s.failures += 1;
    s.lastAt = now;
    let started = 0;
    if (s.failures >= this.o.maxFailures) {
      s.lockMs = s.lockMs === 0 ? this.o.baseLockMs : Math.min(s.lockMs * 2, this.o.maxLockMs);
      s.lockedUntil = now + s.lockMs;
      started = s.lockMs;
    }
    this.state.set(key, s);
    this.prune(now);
    return { failures: s.failures, lockMs: started };
  }

  forget(key: string): void {
    this.state.delete(key);
  }

  private current(key: string, now: number): State | undefined {
    const s = this.state.get(key);
    return s && (s.lockedUntil > now || now - s.lastAt < this.o.forgetMs) ? s : undefined;
  }

  private prune(now: number): void {
    if (this.state.size <= this.o.maxKeys) return;
    for (const [key] of this.state) if (!this.current(key, now)) this.state.delete(key);
    // Still too many: drop the oldest unlocked keys first (Map keeps insertion order).
    for (const [key, s] of this.state) {
      if (this.state.size <= this.o.maxKeys) break;
      if (s.lockedUntil <= now) this.state.delete(key);
    }
  }
}
