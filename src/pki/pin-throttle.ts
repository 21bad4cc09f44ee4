import { FailureThrottle } from '../shared/failure-throttle';
import { PinLockedError, WrongPinError } from './errors';

/**
 * Throttles PIN guessing per key (callers key it by the PKCS#12 being unlocked): after `maxFailures` consecutive wrong PINs the key is
 * locked for `baseLockMs`, and every further wrong PIN after a lock doubles it (up to
 * `maxLockMs`). While locked, the PIN is not even tried, so a lock is no guessing oracle.
 * A right PIN resets the count. The counting is the shared FailureThrottle's; this adds the
 * PIN's own errors and an injectable clock. In memory: a restart forgets (acceptable for one process).
 */

export interface PinThrottleOptions {
  maxFailures?: number;
  baseLockMs?: number;
  maxLockMs?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  clock?: () => number;
}

export class PinThrottle {
  private readonly counts: FailureThrottle;
  private readonly clock: () => number;

  constructor(o: PinThrottleOptions = {}) {
    this.counts = new FailureThrottle({ maxFailures: o.maxFailures ?? 5, baseLockMs: o.baseLockMs ?? 30_000, maxLockMs: o.maxLockMs ?? 3_600_000 });
    this.clock = o.clock ?? Date.now;
  }

  /** Throws PinLockedError while `key` is locked. */
  assertAllowed(key: string): void {
    const now = this.clock();
    const waitMs = this.counts.lockedFor(key, now);
    if (waitMs > 0) throw new PinLockedError(new Date(now + waitMs), waitMs);
  }

  recordFailure(key: string): void {
    this.counts.fail(key, this.clock());
  }

  recordSuccess(key: string): void {
    this.counts.forget(key);
  }

  /** Consecutive wrong PINs so far (0 when none or after a success). */
  failures(key: string): number {
    return this.counts.failures(key, this.clock());
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
