import path from 'node:path';
import { expect, it } from 'vitest';
import { runCrashTest } from '../scripts/crash/rounds';

/**
 * Issue 10: the crash harness's short, fixed-seed slice (the long run is `npm run crash`).
 * The real server is SIGKILLed under load three times, restarted on the same data, and checked:
 * nothing answered 201/200 lost, every document digitised exactly once, every result the
 * revision before or after a signature, the audit chain intact, no job stuck.
 */
it('survives three SIGKILLs under load with every invariant held', async () => {
  const lines: string[] = [];
  const s = await runCrashTest({ rounds: 3, seed: 20261129, root: path.resolve(import.meta.dirname, '..'), killAfterMs: [400, 2500], receivers: 1, warmUp: true, keyAlgorithm: 'ECDSA-P256', log: (l) => lines.push(l) });
  const answers = Object.entries(s.answers).map(([k, n]) => `${k}: ${n}`).join(', ');
  console.log(`[measure] crash slice: ${lines.join('\n')}\n${s.kills} kills, ${s.roundsHeld}/${s.rounds} rounds held; ${s.dossiers} dossiers, ${s.documents} documents, ${s.signatures} signatures; ${answers}`);
  expect(s.violations).toEqual([]);
  expect(s).toMatchObject({ rounds: 3, kills: 3, roundsHeld: 3 });
  // The load really ran and was really cut: receptions acknowledged, requests cut by the kill.
  expect(s.answers['receive 201']).toBeGreaterThan(1);
  expect(s.signatures).toBeGreaterThanOrEqual(3); // the warm-up's approval, seal and certified copy at least
  expect(Object.entries(s.answers).some(([k, n]) => k.endsWith(' error') && n > 0)).toBe(true);
}, 300_000);
