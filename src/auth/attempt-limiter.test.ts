import { describe, expect, it } from 'vitest';
import { AttemptLimiter } from './attempt-limiter';

describe('AttemptLimiter', () => {
  it('locks after max attempts in the window and forgets expired keys', () => {
    let t = 0;
    const l = new AttemptLimiter({ max: 3, windowMs: 1000, now: () => t });
    expect([l.take('a'), l.take('a'), l.take('a'), l.take('a')]).toEqual([true, true, true, false]);
    expect(l.lockedFor('a')).toBe(1000);
    t = 1000;
    expect(l.lockedFor('a')).toBe(0);
    expect(l.size).toBe(0);
    expect(l.take('a')).toBe(true);
  });

  it('stays bounded, dropping unlocked keys before locked ones', () => {
    const l = new AttemptLimiter({ max: 2, windowMs: 60_000, maxEntries: 100, now: () => 0 });
    l.take('locked');
    l.take('locked');
    for (let i = 0; i < 10_000; i++) l.take(`spray-${i}`);
    expect(l.size).toBeLessThanOrEqual(100);
    expect(l.lockedFor('locked')).toBe(60_000);
  });

  it('a refund takes back one attempt', () => {
    const l = new AttemptLimiter({ max: 2, windowMs: 1000, now: () => 0 });
    l.take('c');
    l.take('c');
    l.refund('c');
    expect(l.lockedFor('c')).toBe(0);
    expect(l.take('c')).toBe(true);
    expect(l.take('c')).toBe(false);
  });
});
