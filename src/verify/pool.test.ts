import { afterAll, describe, expect, it } from 'vitest';
import { PayloadTooLargeError, UnprocessableError } from '../shared/errors';
import { createVerifyPool } from './pool';
import { basePdf } from './node/testing/pdf-fixtures';
import { bigXrefTable, unterminatedStreams } from './node/testing/hostile-pdfs';
import { starvation } from './node/testing/starvation';
import { trustFolder } from './node/trust-folder';
import { verifyPdf } from './verify-pdf';

/**
 * The verify pool: the same report as in-process, errors rebuilt with their class and code, and
 * the time and heap budgets ending only the verifying thread, never the caller's.
 */
const pool = createVerifyPool({ threads: 1 });
afterAll(() => pool.destroy());
const task = (bytes: Uint8Array, timeMs = 20_000) => ({ bytes, trustDir: '/nonexistent-trust-dir', crls: [], limits: { maxBytes: 10_000_000, timeMs } });

/** Runs `f` while sampling the caller's event loop every 5 ms; returns the longest gap seen. */
async function longestStall<T>(f: () => Promise<T>): Promise<{ result: PromiseSettledResult<T>; stallMs: number }> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const t = performance.now();
    worst = Math.max(worst, t - last);
    last = t;
  }, 5);
  const [result] = await Promise.allSettled([f()]);
  clearInterval(timer);
  return { result, stallMs: worst };
}

describe('verify pool', () => {
  it('gives the same report as verifying in-process', async () => {
    const pdf = await basePdf();
    const now = new Date();
    const ours = await pool.verify(task(pdf));
    const direct = await verifyPdf(pdf, { ...trustFolder('/nonexistent-trust-dir'), now });
    expect({ ...ours, checkedAt: '' }).toEqual({ ...direct, checkedAt: '' });
    expect(Object.isFrozen(ours.signatures)).toBe(true);
  });

  it('rebuilds the verifier’s errors with their class and code', async () => {
    await expect(pool.verify(task(new TextEncoder().encode('GIF89a')))).rejects.toMatchObject({ code: 'not_a_pdf', httpStatus: 422 });
    await expect(pool.verify({ ...task(await basePdf()), limits: { maxBytes: 100, timeMs: 20_000 } })).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(pool.verify(task(bigXrefTable()))).rejects.toMatchObject({ code: 'not_verifiable', details: { reason: 'too_large' } });
  });

  it('ends a verification past its time budget in the worker, while the caller runs on', async () => {
    const slow = unterminatedStreams(80_000, true); // parsing alone takes over a second
    const factor = starvation();
    const t = performance.now();
    const { result, stallMs } = await longestStall(() => pool.verify(task(slow, 300)));
    expect(result.status).toBe('rejected');
    const err = (result as PromiseRejectedResult).reason as UnprocessableError;
    expect(err).toBeInstanceOf(UnprocessableError);
    expect(err).toMatchObject({ code: 'not_verifiable', details: { reason: 'too_slow' } });
    expect(performance.now() - t).toBeLessThan(1_500 * factor);
    expect(stallMs).toBeLessThan(100 * factor);
    // A new thread takes the next document.
    expect((await pool.verify(task(await basePdf()))).signatures).toHaveLength(0);
  });

  it('a thread out of heap fails only its own document', async () => {
    const small = createVerifyPool({ threads: 1, memoryMb: 32 });
    try {
      // Within the parser's caps (450 000 entries) but not within 32 MB of heap.
      const big = bigXrefTable({ entries: 450_000, rowBytes: 1 });
      await expect(small.verify(task(big))).rejects.toMatchObject({ code: 'not_verifiable', details: { reason: 'too_large' } });
      expect((await small.verify(task(await basePdf()))).valid).toBe(false);
    } finally {
      await small.destroy();
    }
  });
});
