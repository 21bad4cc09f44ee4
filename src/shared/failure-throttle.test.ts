import { describe, expect, it } from 'vitest';
import { FailureThrottle } from './failure-throttle';

describe('FailureThrottle', () => {
  it('locks on the 5th failure for the base time, then doubles per further failure, up to the cap', () => {
    const t = new FailureThrottle({ baseLockMs: 1000, maxLockMs: 4000 });
    for (let i = 1; i <= 4; i++) expect(t.fail('k', 0)).toEqual({ failures: i, lockMs: 0 });
    expect(t.fail('k', 0).lockMs).toBe(1000);
    expect(t.lockedFor('k', 400)).toBe(600);
    expect(t.fail('k', 1000).lockMs).toBe(2000);
    expect(t.fail('k', 3000).lockMs).toBe(4000);
    expect(t.fail('k', 7000).lockMs).toBe(4000);
    expect(t.lockedFor('other', 0)).toBe(0);
  });

  it('forgets a quiet key, and a forgotten one starts again from zero', () => {
    const t = new FailureThrottle({ forgetMs: 10_000 });
    for (let i = 0; i < 4; i++) t.fail('k', 0);
    expect(t.fail('k', 20_000)).toEqual({ failures: 1, lockMs: 0 });
    t.forget('k');
    expect(t.fail('k', 20_000).failures).toBe(1);
  });

  it('keeps at most maxKeys: the oldest unlocked keys go first, a lock is never dropped to make room', () => {
    const t = new FailureThrottle({ maxKeys: 3 });
    for (let i = 0; i < 5; i++) t.fail('locked', 0);
    for (let i = 0; i < 10; i++) t.fail(`k${i}`, 0);
    expect(t.lockedFor('locked', 1)).toBeGreaterThan(0);
    expect(t.fail('k9', 1).failures).toBe(2); // the newest stayed
    expect(t.fail('k0', 1).failures).toBe(1); // the oldest was dropped
  });
});
