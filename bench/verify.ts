/**
 * Verification time against pdfsig, per file: two of our signed results (2 signatures; 100
 * pages) and every file of the peers' corpus (../shared/corpus/pdf). For each: our in-process
 * `verifyPdf` (the first verification of the file in this process, then the median of warm
 * runs: parsed CRLs, CMS and certificates are cached by content across verifications) and the
 * CLI's wall time (`taicho verify`: a new Node process, tsx's loader and module loading
 * included), beside `pdfsig -nocert` on the same file in the same run, with the ratios.
 * pdfsig checks only the cryptography; ours also builds chains and diffs every revision.
 *
 *   npm run bench -- verify [--corpus DIR] [--only SUBSTRING] [--runs N] [--cli-runs N]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { trustFolder } from '../src/verify/node/trust-folder';
import { basePdf, pdfsigSign } from '../src/verify/node/testing/pdf-fixtures';
import { createTestPki } from '../src/verify/node/testing/test-pki';
import { verifyPdf } from '../src/verify/node';

const { values } = parseArgs({ options: { corpus: { type: 'string' }, only: { type: 'string' }, runs: { type: 'string' }, 'cli-runs': { type: 'string' } } });
const RUNS = Number(values.runs ?? 7);
const CLI_RUNS = Number(values['cli-runs'] ?? 3);
const PDFSIG_RUNS = 5;
const TARGET = 1.2;
const BIN = path.resolve(import.meta.dirname, '../bin/taicho.mjs');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function timed(f: () => unknown): Promise<number> {
  const t = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function medianOf(runs: number, f: () => unknown): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push(await timed(f));
  return median(ms);
}

interface Row { name: string; bytes: number; sigs: number; first: number; warm: number; cli: number; pdfsig: number; verdict: string }

async function measure(name: string, file: string, trustDir: string): Promise<Row> {
  const bytes = new Uint8Array(readFileSync(file));
  const trust = trustFolder(trustDir);
  let verdict = 'error';
  let sigs = 0;
  const once = async () => {
    try {
      const r = await verifyPdf(bytes, { ...trust, limits: { maxBytes: 50 * 1024 * 1024, timeMs: 60_000 } });
      [verdict, sigs] = [r.valid ? 'valid' : 'invalid', r.signatures.length];
    } catch (e) {
      verdict = (e as { code?: string }).code ?? 'error';
    }
  };
  const first = await timed(once);
  const warm = await medianOf(RUNS, once);
  const cli = await medianOf(CLI_RUNS, () => spawnSync(process.execPath, [BIN, 'verify', file, '--trust', trustDir], { stdio: 'ignore' }));
  const pdfsig = await medianOf(PDFSIG_RUNS, () => spawnSync('pdfsig', ['-nocert', file], { stdio: 'ignore' }));
  return { name, bytes: bytes.length, sigs, first, warm, cli, pdfsig, verdict };
}

function print(r: Row): void {
  const ms = (x: number) => x.toFixed(1).padStart(8);
  const ratio = (x: number) => `${(x / r.pdfsig).toFixed(2)}×`.padStart(7);
  console.log(`${r.name.slice(0, 52).padEnd(52)} ${String(r.bytes).padStart(8)} ${String(r.sigs).padStart(4)} ${ms(r.first)} ${ms(r.warm)} ${ms(r.cli)} ${ms(r.pdfsig)} ${ratio(r.warm)} ${ratio(r.cli)}  ${r.verdict}`);
}

async function main(): Promise<void> {
  const corpus = values.corpus ?? path.resolve(import.meta.dirname, '../../shared/corpus');
  const dir = mkdtempSync(path.join(tmpdir(), 'taicho-bench-verify-'));
  const pki = createTestPki(dir);
  const trustDir = path.join(dir, 'trust');
  mkdirSync(trustDir);
  writeFileSync(path.join(trustDir, 'root.der'), pki.rootDer);
  const files: [string, string][] = [];
  const ours = async (name: string, pdf: Uint8Array) => {
    const f = path.join(dir, `${name}.pdf`);
    writeFileSync(f, pdf);
    files.push([name, f]);
  };
  await ours('ours: 2 signatures (leader + seal)', pdfsigSign(pki, pdfsigSign(pki, await basePdf(), 'leader', 'LanhDao'), 'seal', 'DongDau'));
  await ours('ours: 100 pages, 1 signature', pdfsigSign(pki, await basePdf({ pages: 100 }), 'leader', 'LanhDao'));
  const pdfDir = path.join(corpus, 'pdf');
  if (existsSync(pdfDir)) for (const f of readdirSync(pdfDir).sort()) files.push([f, path.join(pdfDir, f)]);
  else console.warn(`[skip] the corpus: ${pdfDir} not found (--corpus DIR)`);
  const chosen = files.filter(([name]) => !values.only || name.includes(values.only));

  console.log(`${'file'.padEnd(52)} ${'bytes'.padStart(8)} ${'sigs'.padStart(4)} ${'first ms'.padStart(8)} ${'warm ms'.padStart(8)} ${'CLI ms'.padStart(8)} ${'pdfsig'.padStart(8)} ${'warm/ps'.padStart(7)} ${'CLI/ps'.padStart(7)}  verdict`);
  const rows: Row[] = [];
  for (const [name, file] of chosen) {
    const row = await measure(name, file, trustDir);
    rows.push(row);
    print(row);
  }
  const within = rows.filter((r) => r.warm <= TARGET * r.pdfsig);
  const sum = (k: 'warm' | 'pdfsig' | 'cli') => rows.reduce((a, r) => a + r[k], 0);
  console.log(`\nwarm in-process within ${TARGET}× pdfsig: ${within.length}/${rows.length}; over: ${rows.filter((r) => !within.includes(r)).map((r) => `${r.name} ${(r.warm / r.pdfsig).toFixed(2)}×`).join(', ') || 'none'}`);
  console.log(`totals: warm ${sum('warm').toFixed(0)} ms, CLI ${sum('cli').toFixed(0)} ms, pdfsig ${sum('pdfsig').toFixed(0)} ms (${(sum('warm') / sum('pdfsig')).toFixed(2)}× and ${(sum('cli') / sum('pdfsig')).toFixed(2)}×)`);
  console.log(`medians: in-process ${RUNS} warm runs after the first; CLI ${CLI_RUNS} runs; pdfsig ${PDFSIG_RUNS} runs (process start included); node ${process.version}`);
}

await main();
