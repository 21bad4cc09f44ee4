import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

/**
 * The long fuzz run of issue 10: the properties of test/fuzz (multipart bodies, uploads through
 * digitisation, mutated PDFs through the verifier) with N inputs each, a seed of your choice
 * (default: a new one, printed so a failure can be replayed) and every corpus PDF as a seed.
 *
 *   npm run fuzz -- --runs 5000 [--seed 42] [--only verify|multipart|digitise]
 *
 * A failure prints fast-check's shrunk counterexample and the seed; rerun with the same
 * --seed and --runs to replay it, then keep the minimal input in test/fuzz/regressions.test.ts.
 */
const TARGETS = { multipart: 'test/fuzz/multipart.test.ts', digitise: 'test/fuzz/digitise.test.ts', verify: 'test/fuzz/verify.test.ts' };
const { values } = parseArgs({ options: { runs: { type: 'string', default: '1000' }, seed: { type: 'string' }, only: { type: 'string' } } });
const runs = Number(values.runs);
const seed = values.seed ?? String(Date.now() % 2 ** 31);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive whole number, not ${values.runs}`);
if (values.only && !(values.only in TARGETS)) throw new Error(`--only must be one of ${Object.keys(TARGETS).join(', ')}`);
const files = values.only ? [TARGETS[values.only as keyof typeof TARGETS]] : Object.values(TARGETS);

const dir = mkdtempSync(path.join(tmpdir(), 'taicho-fuzz-'));
const report = path.join(dir, 'report.jsonl');
console.log(`fuzz: ${runs} inputs per property, seed ${seed}, ${files.join(' ')}`);
const start = Date.now();
const run = spawnSync('npx', ['vitest', 'run', ...files], {
  stdio: 'inherit',
  env: { ...process.env, TAICHO_FUZZ_RUNS: String(runs), TAICHO_FUZZ_SEED: seed, TAICHO_FUZZ_REPORT: report, TAICHO_FUZZ_SEEDS_MAX_BYTES: 'Infinity' },
});
let lines: { target: string; inputs: number; ms: number; rssMiB: { start: number; peak: number; end: number }; outcomes: Record<string, number> }[] = [];
try {
  lines = readFileSync(report, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
} catch {
  // No property finished: vitest's own output above says why.
}
rmSync(dir, { recursive: true, force: true });
console.log(`\nfuzz summary (seed ${seed}, ${Math.round((Date.now() - start) / 1000)} s in all):`);
for (const l of lines) console.log(`  ${l.target}: ${l.inputs} inputs in ${(l.ms / 1000).toFixed(1)} s, resident memory ${l.rssMiB.start} MiB at start, ${l.rssMiB.peak} at peak, ${l.rssMiB.end} at end — ${Object.entries(l.outcomes).map(([k, v]) => `${k} ×${v}`).join(', ')}`);
const total = lines.reduce((a, l) => a + l.inputs, 0);
console.log(`  total: ${total} inputs; ${run.status === 0 ? 'no property failed' : 'a property FAILED (see above)'}`);
process.exit(run.status ?? 1);
