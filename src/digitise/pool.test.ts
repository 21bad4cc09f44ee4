import { afterEach, describe, expect, it } from 'vitest';
import { createDigitisePool, type DigitisePool } from './pool';
import { heapBombPdf, manyPagesPdf } from './testing/bombs';

// The pool is where a hostile file's cost is contained: a worker that runs out of memory or
// time is stopped and replaced, its task fails with a clear error, and the pool serves on.

let pool: DigitisePool | undefined;
afterEach(async () => {
  await pool?.destroy();
  pool = undefined;
});

const typedPdf = () => manyPagesPdf(1);

describe('digitise pool limits', () => {
  it('a worker out of memory fails only its task, naming the file; the next task runs', async () => {
    pool = createDigitisePool({ threads: 1, heapMb: 96 });
    const err = await pool.split(heapBombPdf(), 'heap.pdf').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'digitise_out_of_memory', message: expect.stringMatching(/^heap\.pdf: .*memory limit/) });
    const jobs = await pool.split(await typedPdf(), 'typed.pdf');
    expect(jobs).toEqual([expect.objectContaining({ source: 'typed.pdf page 1', input: expect.objectContaining({ type: 'pdf-text' }) })]);
  }, 60_000);

  it('a task over its time limit has its thread stopped and fails saying so; other tasks run', async () => {
    pool = createDigitisePool({ threads: 1, timeouts: { split: 1 } });
    await expect(pool.split(await typedPdf(), 'slow.pdf')).rejects.toMatchObject({
      code: 'digitise_timeout',
      message: 'slow.pdf: processing took longer than 0.001 s and was stopped',
    });
    const [job] = [{ source: 'typed.pdf page 1', input: { type: 'pdf-text' as const, pdf: await typedPdf(), pageIndex: 0 } }];
    expect((await pool.processPage(job, { lang: 'eng' })).kind).toBe('pdf-text');
  }, 60_000);
});
