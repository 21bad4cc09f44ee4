import { PinLockedError, WrongPinError } from './errors';

/**
 * Throttles PIN guessing per key (callers key it by the PKCS#12 being unlocked): after `maxFailures` consecutive wrong PINs the key is
 * locked for `baseLockMs`, and every further wrong PIN after a lock doubles it (up to
 * `maxLockMs`). While locked, the PIN is not even tried, so a lock is no guessing oracle.
 * A right PIN resets the count. In memory: a restart forgets (acceptable for one process).
 */

export interface PinThrottleOptions {
  maxFailures?: number;
  baseLockMs?: number;
  maxLockMs?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  clock?: () => number;
}

interface State {
  failures: number;
  lockedUntil: number;
  lockMs: number;
}

export class PinThrottle {
  private readonly state = new Map<string, State>();
  private readonly maxFailures: number;
  private readonly baseLockMs: number;
  private readonly maxLockMs: number;
  private readonly clock: () => number;

  constructor(o: PinThrottleOptions = {}) {
    this.maxFailures = o.maxFailures ?? 5;
    this.baseLockMs = o.baseLockMs ?? 30_000;
    this.maxLockMs = o.maxLockMs ?? 3_600_000;
    this.clock = o.clock ?? Date.now;
  }

  /** Throws PinLockedError while `key` is locked. */
  assertAllowed(key: string): void {
    const s = this.state.get(key);
    if (s && s.lockedUntil > this.clock()) throw new PinLockedError(new Date(s.lockedUntil), s.lockedUntil - this.clock());
  }

  recordFailure(key: string): void {
    const s = this.state.get(key) ?? { failures: 0, lockedUntil: 0, lockMs: 0 };
    s.failures += 1;
    if (s.failures >= this.maxFailures) {
      s.lockMs = s.lockMs === 0 ? this.baseLockMs : Math.min(s.lockMs * 2, this.maxLockMs);
      s.lockedUntil = this.clock() + s.lockMs;
    }
    this.state.set(key, s);
  }

  recordSuccess(key: string): void {
    this.state.delete(key);
  }

  /** Consecutive wrong PINs so far (0 when none or after a success). */
  failures(key: string): number {
    return this.state.get(key)?.failures ?? 0;
  }

  /** Runs `tryPin` unless locked; a WrongPinError counts as a failure, success resets. */
  async attempt<T>(key: string, tryPin: () => Promise<T>): Promise<T> {
    this.assertAllowed(key);
    try {
      const result = await tryPin();
      this.recordSuccess(key);
      return result;
    } catch (e) {
      if (e instanceof WrongPinError) this.recordFailure(key);
      throw e;
    }
  }
}
