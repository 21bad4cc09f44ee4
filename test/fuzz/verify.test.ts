import { mkdtempSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { removeScratch } from '../../src/pki';
import { needPath } from '../support/tools';
import { FUZZ_SEED, fuzzRuns, fuzzTimeout, tally } from './config';
import { applyAll, mutated } from './mutate';
import { CORPUS_PDF_DIR, corpusSeeds, fuzzPool, ownResults, verifyOnce, type Seed } from './verify-target';

/**
 * Issue 10, bad input: mutated PDFs (byte flips, truncations, splices, duplicated and removed
 * xref sections, numbers replaced by huge ones) from the peers' corpus and our own signed
 * results, through the verifier as the service runs it. Every one must end in a verdict or a
 * 4xx within the worker's budget. The slice keeps to corpus files under 100 KB;
 * `npm run fuzz` takes them all (TAICHO_FUZZ_SEEDS_MAX_BYTES).
 */
const corpus = needPath(CORPUS_PDF_DIR, "the peers' corpus (../shared/corpus/pdf)");
const runs = fuzzRuns(300);
const maxSeedBytes = Number(process.env.TAICHO_FUZZ_SEEDS_MAX_BYTES ?? 100_000);
const pool = fuzzPool(Number(process.env.TAICHO_FUZZ_VERIFY_MS ?? 5_000));
let seeds: Seed[];
let trustDir: string;

beforeAll(async () => {
  const own = await ownResults();
  trustDir = mkdtempSync(path.join(tmpdir(), 'taicho-fuzz-trust-'));
  copyFileSync(own.rootPem, path.join(trustDir, 'root.pem'));
  seeds = [...own.seeds, ...(corpus.ok ? corpusSeeds(maxSeedBytes) : [])];
});
afterAll(async () => {
  await pool.destroy();
  rmSync(trustDir, { recursive: true, force: true });
  removeScratch();
});

it('our own results verify before they are mutated (the seeds are what they claim)', async () => {
  expect(await Promise.all(seeds.slice(0, 2).map((s) => verifyOnce(pool, trustDir, s.bytes)))).toEqual(['valid', 'valid']);
});

corpus.it(`${runs} mutated corpus and own PDFs: a verdict or a 4xx each, within the budget`, async () => {
  const t = tally('verify mutated PDFs');
  const bytes = seeds.map((s) => s.bytes);
  await fc.assert(
    fc.asyncProperty(mutated(bytes.length), async ({ seed, mutations }) => {
      t.count(await verifyOnce(pool, trustDir, applyAll(bytes, seed, mutations)));
    }),
    { numRuns: runs, seed: FUZZ_SEED, reporter: (r) => { if (r.failed) throw new Error(`${fc.defaultReportMessage(r)}\nseed file: ${seeds[(r.counterexample?.[0] as { seed: number }).seed]?.name}`); } },
  );
  console.log(t.done(), `${seeds.length} seeds`);
}, fuzzTimeout(runs, 100));
