import { appendFileSync } from 'node:fs';

/**
 * The fuzz tests run a fixed-seed slice in `npm test`; `npm run fuzz -- --runs N [--seed S]`
 * (scripts/fuzz.ts) runs the same properties with N inputs each and another seed, through
 * these variables, and collects what each property tried in TAICHO_FUZZ_REPORT.
 */
export function fuzzRuns(slice: number): number {
  const n = Number(process.env.TAICHO_FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : slice;
}

export const FUZZ_SEED = Number(process.env.TAICHO_FUZZ_SEED ?? 20261129);

/** A test's timeout for `runs` inputs of about `msEach` (the slice's default when that is larger). */
export function fuzzTimeout(runs: number, msEach: number, slice = 60_000): number {
  return Math.max(slice, runs * msEach * 3);
}

/** Counts what a property saw (outcome → inputs) and writes it to the report when it ends. */
export function tally(target: string) {
  const outcomes = new Map<string, number>();
  const start = performance.now();
  const rssStart = process.memoryUsage.rss();
  let rssPeak = rssStart;
  return {
    count(outcome: string) {
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
    },
    done() {
      const total = [...outcomes.values()].reduce((a, b) => a + b, 0);
      const line = { target, inputs: total, ms: Math.round(performance.now() - start), seed: FUZZ_SEED, rssMiB: { start: mib(rssStart), peak: mib(rssPeak), end: mib(process.memoryUsage.rss()) }, outcomes: Object.fromEntries([...outcomes].sort((a, b) => b[1] - a[1])) };
      if (process.env.TAICHO_FUZZ_REPORT) appendFileSync(process.env.TAICHO_FUZZ_REPORT, `${JSON.stringify(line)}\n`);
      return line;
    },
  };
}

const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
