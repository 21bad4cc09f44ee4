/**
 * OCR benchmark (issue #3): `taicho ocr` on all sample pages at once versus the Debian
 * `tesseract` CLI on the same pages two at a time, in the same run on the same machine.
 * A second reference runs the tesseract CLI with the very model we ship (from npm), so the
 * gap splits into "model" and "engine + our normalisation". Quality: ../shared/tools/cer.mjs
 * on `pdftotext` of our PDF and on tesseract's text.
 *   npm run bench            (all benches)      npx tsx bench/ocr.ts [samples-dir] [--lang vie+eng] [--runs 3]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: { lang: { type: 'string', default: 'vie+eng' }, runs: { type: 'string', default: '3' } },
});
const root = fileURLToPath(new URL('..', import.meta.url));
const samples = resolve(positionals[0] ?? join(root, '../shared/samples/scans'));
const cerTool = resolve(root, '../shared/tools/cer.mjs');
const work = mkdtempSync(join(tmpdir(), 'taicho-ocr-bench-'));
const runs = Math.max(1, Number(flags.runs));
const langs = flags.lang!;

// Without the sample pages (or the CER tool) there is nothing to measure: say what is missing, no stack.
for (const [what, file] of [['sample pages (manifest.tsv)', join(samples, 'manifest.tsv')], ['CER tool', cerTool]]) {
  if (!existsSync(file)) {
    process.stderr.write(`bench ocr: no ${what} at ${file}; give a samples folder: npx tsx bench/ocr.ts DIR (manifest.tsv, pages and their .txt truth)\n`);
    rmSync(work, { recursive: true, force: true });
    process.exit(2);
  }
}
const manifest = readFileSync(join(samples, 'manifest.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
const pages = manifest.map(([file, variant]) => ({ file, variant, path: join(samples, file), truth: join(samples, file.replace(/\.\w+$/, '.txt')) }));

function score(truth: string, text: string, name: string): { cer: number; recall: number } {
  const out = join(work, name);
  writeFileSync(out, text);
  const r = spawnSync('node', [cerTool, truth, out], { encoding: 'utf8' });
  const m = /cer=([\d.]+) word_recall=([\d.]+)/.exec(r.stdout);
  if (!m) throw new Error(`cer.mjs failed: ${r.stderr}`);
  return { cer: Number(m[1]), recall: Number(m[2]) };
}

function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((ok, fail) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => (code === 0 ? ok(err) : fail(new Error(`${cmd} exited ${code}: ${err.slice(-500)}`))));
  });
}

/** The tesseract CLI on every page, two processes at a time (one OpenMP thread each: two cores). */
async function tesseractAll(prefix: string, extra: string[]): Promise<number> {
  const t0 = performance.now();
  const queue = pages.map((p, i) => () => run('tesseract', [p.path, join(work, `${prefix}-${i}`), '-l', langs, ...extra], { OMP_THREAD_LIMIT: '1' }));
  await Promise.all([0, 1].map(async () => { for (let job = queue.shift(); job; job = queue.shift()) await job(); }));
  return (performance.now() - t0) / 1000;
}

/** Our whole CLI, process start and worker start-up included, as a user runs it. */
async function oursAll(): Promise<{ seconds: number; summary: string }> {
  const t0 = performance.now();
  const err = await run('node', [join(root, 'bin/taicho.mjs'), 'ocr', ...pages.map((p) => p.path), '-o', join(work, 'ours.pdf'), '--lang', langs]);
  return { seconds: (performance.now() - t0) / 1000, summary: err.split('\n').find((l) => l.startsWith('ocr: stages')) ?? '' };
}

/** The traineddata we ship, unpacked, for the same-model reference. */
function shippedModelDir(): string {
  const dir = join(work, 'tessdata');
  mkdirSync(dir);
  const require = createRequire(import.meta.url);
  for (const l of langs.split('+')) {
    const pkg = dirname(require.resolve(`@tesseract.js-data/${l}/package.json`));
    writeFileSync(join(dir, `${l}.traineddata`), gunzipSync(readFileSync(join(pkg, '4.0.0', `${l}.traineddata.gz`))));
  }
  return dir;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const modelDir = shippedModelDir();
const ours: number[] = [], tess: number[] = [], same: number[] = [];
let summary = '';
for (let r = 0; r < runs; r++) {
  // Interleaved, so that a noisy neighbour hurts all three alike.
  const o = await oursAll();
  ours.push(o.seconds);
  summary = o.summary;
  tess.push(await tesseractAll('tess', []));
  same.push(await tesseractAll('same', ['--tessdata-dir', modelDir, '--oem', '1']));
}

const pdfPath = join(work, 'ours.pdf');
const pdfBytes = statSync(pdfPath).size;
console.log(`samples: ${samples} (${pages.length} pages), lang ${langs}, ${runs} runs (medians)`);
console.log('page           variant           ours CER  recall | tesseract CER recall | input bytes');
let worst = 1, worstTess = 1;
pages.forEach((p, i) => {
  const text = spawnSync('pdftotext', ['-f', `${i + 1}`, '-l', `${i + 1}`, pdfPath, '-'], { encoding: 'utf8' }).stdout;
  const o = score(p.truth, text, `ours-${i}.txt`);
  const t = score(p.truth, readFileSync(join(work, `tess-${i}.txt`), 'utf8'), `tess-${i}.cmp.txt`);
  worst = Math.min(worst, o.recall);
  worstTess = Math.min(worstTess, t.recall);
  console.log(`${p.file.padEnd(15)}${p.variant.padEnd(17)}${o.cer.toFixed(4).padStart(8)} ${o.recall.toFixed(4)} | ${t.cer.toFixed(4).padStart(13)} ${t.recall.toFixed(4)} | ${statSync(p.path).size}`);
});
const [mo, mt, ms] = [median(ours), median(tess), median(same)];
const perPage = (s: number) => `${s.toFixed(2)} s wall, ${(s / pages.length).toFixed(2)} s/page`;
console.log(`\ntaicho ocr (all pages at once):            ${perPage(mo)}   runs ${ours.map((s) => s.toFixed(2)).join(' ')}`);
console.log(`tesseract CLI, Debian model, 2 at a time:  ${perPage(mt)}   runs ${tess.map((s) => s.toFixed(2)).join(' ')}`);
console.log(`tesseract CLI, our npm model, 2 at a time: ${perPage(ms)}   runs ${same.map((s) => s.toFixed(2)).join(' ')}`);
console.log(`ratio ours / tesseract (Debian model): ${(mo / mt).toFixed(2)} (target ≤ 1.5); ours / tesseract (same model): ${(mo / ms).toFixed(2)}`);
console.log(summary.replace('ocr: stages', 'where our time went (CPU-seconds summed over pages):'));
const inputBytes = pages.reduce((a, p) => a + statSync(p.path).size, 0);
console.log(`output: ${pdfBytes} bytes, ${Math.round(pdfBytes / pages.length)} bytes/page; input ${Math.round(inputBytes / pages.length)} bytes/page (ratio ${(pdfBytes / inputBytes).toFixed(3)})`);
console.log(`worst page recall: ours ${worst.toFixed(4)}, tesseract ${worstTess.toFixed(4)} (target ≥ 0.97 on every page)`);
rmSync(work, { recursive: true, force: true });
