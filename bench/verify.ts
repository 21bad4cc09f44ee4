/**
 * Verifier throughput: verifications per second (median of repeated runs) for a 2-signature
 * result, a 100-page signed PDF and the peers' 25-signature file (dss-lt-short.pdf), with
 * `pdfsig -nocert` on the same files in the same run for reference. pdfsig checks only the
 * cryptography; ours also builds chains and diffs every revision. "worker ms" is the same
 * verification through the service's worker-thread pool (the copy to the thread and back).
 *
 *   npx tsx bench/verify.ts [path/to/shared/corpus]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { basePdf, pdfsigSign } from '../src/verify/testing/pdf-fixtures';
import { createTestPki } from '../src/verify/testing/test-pki';
import { createVerifyPool } from '../src/verify/pool';
import { verifyPdf } from '../src/verify/verify-pdf';

const RUNS = 15;

async function timeAsync(f: () => Promise<unknown>, runs = RUNS): Promise<number> {
  await f();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await f();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(ms);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function timeIt(f: () => void, runs = RUNS): number {
  f(); // warm-up (module and key caches)
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    f();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(ms);
}

async function main(): Promise<void> {
  const corpus = process.argv[2] ?? path.resolve(import.meta.dirname, '../../shared/corpus');
  const dir = mkdtempSync(path.join(tmpdir(), 'taicho-bench-verify-'));
  const pki = createTestPki(dir);
  const two = pdfsigSign(pki, pdfsigSign(pki, await basePdf(), 'leader', 'LanhDao'), 'seal', 'DongDau');
  const hundred = pdfsigSign(pki, await basePdf({ pages: 100 }), 'leader', 'LanhDao');
  const files: [string, Uint8Array][] = [['2 signatures (leader + seal)', two], ['100 pages, 1 signature', hundred]];
  const lt = path.join(corpus, 'pdf', 'dss-lt-short.pdf');
  if (existsSync(lt)) files.push(['dss-lt-short.pdf (25 signatures)', new Uint8Array(readFileSync(lt))]);
  else console.warn(`[skip] ${lt} not found`);

  const trustDir = path.join(dir, 'trust');
  mkdirSync(trustDir);
  writeFileSync(path.join(trustDir, 'root.der'), pki.rootDer);
  const pool = createVerifyPool({ threads: 1 });
  console.log(`${'file'.padEnd(36)} ${'bytes'.padStart(9)} ${'taicho ms'.padStart(10)} ${'taicho/s'.padStart(9)} ${'worker ms'.padStart(10)} ${'pdfsig ms'.padStart(10)} ${'pdfsig/s'.padStart(9)}  verdict`);
  for (const [name, bytes] of files) {
    let valid = false;
    const ours = timeIt(() => {
      valid = (await verifyPdf(bytes, { anchors: trustFolder(trustDir).anchors })).valid;
    });
    const viaWorker = await timeAsync(() => pool.verify({ bytes, trustDir, crls: [], limits: { maxBytes: 50 * 1024 * 1024, timeMs: 60_000 } }));
    const f = path.join(dir, 'bench.pdf');
    writeFileSync(f, bytes);
    const theirs = timeIt(() => {
      spawnSync('pdfsig', ['-nocert', f]);
    }, 7);
    const fmt = (ms: number) => ms.toFixed(1).padStart(10);
    const rate = (ms: number) => (1000 / ms).toFixed(1).padStart(9);
    console.log(`${name.padEnd(36)} ${String(bytes.length).padStart(9)} ${fmt(ours)} ${rate(ours)} ${fmt(viaWorker)} ${fmt(theirs)} ${rate(theirs)}  ${valid ? 'valid' : 'invalid'}`);
  }
  await pool.destroy();
  console.log(`\nmedians of ${RUNS} runs (pdfsig: 7 runs, process start included); node ${process.version}`);
}

await main();
