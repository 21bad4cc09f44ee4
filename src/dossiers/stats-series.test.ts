import { describe, expect, it } from 'vitest';
import { fromLocal } from '../shared/time';
import { seriesOver } from './stats-series';

describe('statistics over time', () => {
  it('one point per local day, quiet days as zeros, counted on the Vietnamese date', () => {
    const window = { from: fromLocal(2026, 11, 1), to: fromLocal(2026, 11, 4) };
    const rows = [
      // 23:30 on 1/11 in Hà Nội is 16:30 UTC: still the 1st locally.
      { receivedAt: fromLocal(2026, 11, 1, 23, 30), resolvedAt: fromLocal(2026, 11, 3, 9, 0) },
      { receivedAt: fromLocal(2026, 11, 1, 8, 0), resolvedAt: null },
      { receivedAt: fromLocal(2026, 10, 20), resolvedAt: fromLocal(2026, 11, 3, 10, 0) },
      { receivedAt: fromLocal(2026, 11, 4, 0, 0), resolvedAt: null }, // at `to`: outside
    ];
    expect(seriesOver(rows, window)).toEqual({
      unit: 'day',
      points: [
        { period: '2026-11-01', received: 2, resolved: 0 },
        { period: '2026-11-02', received: 0, resolved: 0 },
        { period: '2026-11-03', received: 0, resolved: 2 },
      ],
    });
  });

  it('a window over three months is counted per month', () => {
    const s = seriesOver([{ receivedAt: fromLocal(2026, 3, 15), resolvedAt: null }], { from: fromLocal(2026, 1, 1), to: fromLocal(2027, 1, 1) });
    expect(s.unit).toBe('month');
    expect(s.points.map((p) => p.period)).toEqual(Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`));
    expect(s.points[2]).toEqual({ period: '2026-03', received: 1, resolved: 0 });
  });
});
