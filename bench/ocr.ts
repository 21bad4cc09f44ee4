/**
 * OCR benchmark: `taicho ocr` on all sample pages at once versus the Debian `tesseract` CLI on
 * the same pages two at a time, in the same run on the same machine (target: ≤ 2.0× its wall
 * time). References: the CLI with Debian's tessdata_fast model, and the CLI with the very model
 * we ship (npm), so the gap splits into "model" and "engine + our pipeline". We also run with
 * Debian's model (TAICHO_TESSDATA_DIR) when it is installed. Quality (target: word recall ≥ 0.97
 * on every page): ../shared/tools/cer.mjs on `pdftotext` of our PDF and on tesseract's text, on
 * the samples and on the harder scans of test/fixtures/scans-hard. Per-page stage times and the
 * memory one worker adds come from one more run with one thread (no contention between pages).
 *   npm run bench -- ocr     npx tsx bench/ocr.ts [samples-dir] [--lang vie+eng] [--runs 3]
 *                            [--hard DIR] [--tessdata-dir DIR|none]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';

const DEBIAN_TESSDATA = '/usr/share/tesseract-ocr/5/tessdata';
const SPEED_TARGET = 2.0;
const RECALL_TARGET = 0.97;
const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    lang: { type: 'string', default: 'vie+eng' },
    runs: { type: 'string', default: '3' },
    hard: { type: 'string' },
    'tessdata-dir': { type: 'string', default: DEBIAN_TESSDATA },
  },
});
const root = fileURLToPath(new URL('..', import.meta.url));
const cerTool = resolve(root, '../shared/tools/cer.mjs');
const work = mkdtempSync(join(tmpdir(), 'taicho-ocr-bench-'));
const runs = Math.max(1, Number(flags.runs));
const langs = flags.lang!;
const fastDir = flags['tessdata-dir'] !== 'none' && existsSync(flags['tessdata-dir']!) ? resolve(flags['tessdata-dir']!) : undefined;

interface ScanSet { name: string; dir: string; pages: { file: string; variant: string; path: string; truth: string }[] }

function scanSet(name: string, dir: string): ScanSet {
  // Without the pages (or the CER tool) there is nothing to measure: say what is missing, no stack.
  for (const [what, file] of [[`${name} pages (manifest.tsv)`, join(dir, 'manifest.tsv')], ['CER tool', cerTool]]) {
    if (!existsSync(file)) {
      process.stderr.write(`bench ocr: no ${what} at ${file}; give a samples folder: npx tsx bench/ocr.ts DIR (manifest.tsv, pages and their .txt truth)\n`);
      rmSync(work, { recursive: true, force: true });
      process.exit(2);
    }
  }
  const rows = readFileSync(join(dir, 'manifest.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  return { name, dir, pages: rows.map(([file, variant]) => ({ file, variant, path: join(dir, file), truth: join(dir, file.replace(/\.\w+$/, '.txt')) })) };
}
const samples = scanSet('sample', resolve(positionals[0] ?? join(root, '../shared/samples/scans')));
const hard = scanSet('hard', resolve(flags.hard ?? join(root, 'test/fixtures/scans-hard')));

function recall(truth: string, text: string): { cer: number; recall: number } {
  const out = join(work, `score-${Math.random().toString(36).slice(2)}.txt`);
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
async function tesseractAll(set: ScanSet, prefix: string, extra: string[]): Promise<number> {
  const t0 = performance.now();
  const queue = set.pages.map((p) => () => run('tesseract', [p.path, join(work, `${prefix}-${p.file}`), '-l', langs, ...extra], { OMP_THREAD_LIMIT: '1' }));
  await Promise.all([0, 1].map(async () => { for (let job = queue.shift(); job; job = queue.shift()) await job(); }));
  return (performance.now() - t0) / 1000;
}

/** Our whole CLI, process start and worker start-up included, as a user runs it. */
async function oursAll(set: ScanSet, out: string, extra: string[] = []): Promise<{ seconds: number; log: string[] }> {
  const t0 = performance.now();
  const err = await run('node', [join(root, 'bin/taicho.mjs'), 'ocr', ...set.pages.map((p) => p.path), '-o', join(work, out), '--lang', langs, ...extra]);
  return { seconds: (performance.now() - t0) / 1000, log: err.split('\n').filter((l) => /^ocr: (stages|page \S+ decode)/.test(l)) };
}

/** The traineddata we ship, unpacked, for the same-model reference. */
function shippedModelDir(): string {
  const dir = join(work, 'tessdata');
  mkdirSync(dir);
  const require = createRequire(import.meta.url);
  for (const l of langs.split('+')) {
    const pkg = dirname(require.resolve(`@tesseract.js-data/${l}/package.json`));
    writeFileSync(join(dir, `${l}.traineddata`), gunzipSync(readFileSync(join(pkg, '4.0.0_best_int', `${l}.traineddata.gz`))));
  }
  return dir;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fastArgs = fastDir ? ['--tessdata-dir', fastDir] : [];
const npmModel = shippedModelDir();
const times: Record<'ours' | 'oursFast' | 'tess' | 'same', number[]> = { ours: [], oursFast: [], tess: [], same: [] };
for (let r = 0; r < runs; r++) {
  // Interleaved, so that a noisy neighbour hurts all alike.
  times.ours.push((await oursAll(samples, 'ours-sample.pdf')).seconds);
  if (fastDir) times.oursFast.push((await oursAll(samples, 'fast-sample.pdf', fastArgs)).seconds);
  times.tess.push(await tesseractAll(samples, 'tess', []));
  times.same.push(await tesseractAll(samples, 'same', ['--tessdata-dir', npmModel, '--oem', '1']));
}
// Quality on the harder scans (once: their speed is not a target), and one thread for stage times and memory.
await oursAll(hard, 'ours-hard.pdf');
if (fastDir) await oursAll(hard, 'fast-hard.pdf', fastArgs);
await tesseractAll(hard, 'tess', []);
const alone = await oursAll(samples, 'alone.pdf', ['--jobs', '1']);
const two = await oursAll(samples, 'two.pdf', ['--jobs', '2']);

const worst: Record<string, number> = {};
const below: string[] = [];
function qualityTable(set: ScanSet): void {
  console.log(`\n${set.name} pages (${set.dir}): CER and word recall`);
  console.log(`page           variant            ours npm model  | ${fastDir ? 'ours Debian model | ' : ''}tesseract CLI`);
  set.pages.forEach((p, i) => {
    const text = (pdf: string) => spawnSync('pdftotext', ['-f', `${i + 1}`, '-l', `${i + 1}`, join(work, pdf), '-'], { encoding: 'utf8' }).stdout;
    const cols: [string, { cer: number; recall: number }][] = [
      ['ours', recall(p.truth, text(`ours-${set.name}.pdf`))],
      ...(fastDir ? [['ours-debian', recall(p.truth, text(`fast-${set.name}.pdf`))] as [string, { cer: number; recall: number }]] : []),
      ['tesseract', recall(p.truth, readFileSync(join(work, `tess-${p.file}.txt`), 'utf8'))],
    ];
    for (const [who, s] of cols) {
      worst[`${who} ${set.name}`] = Math.min(worst[`${who} ${set.name}`] ?? 1, s.recall);
      if (who !== 'tesseract' && s.recall < RECALL_TARGET) below.push(`${who} ${p.file} ${s.recall.toFixed(4)}`);
    }
    console.log(`${p.file.padEnd(15)}${p.variant.padEnd(19)}${cols.map(([, s]) => `${s.cer.toFixed(4)} ${s.recall.toFixed(4)}`.padEnd(16)).join(' | ')}`);
  });
}
console.log(`samples: ${samples.dir} (${samples.pages.length} pages), lang ${langs}, ${runs} runs (medians); machine load (1 min) ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`);
qualityTable(samples);
qualityTable(hard);

const [mo, mf, mt, ms] = [median(times.ours), fastDir ? median(times.oursFast) : NaN, median(times.tess), median(times.same)];
const perPage = (s: number) => `${s.toFixed(2)} s wall, ${(s / samples.pages.length).toFixed(2)} s/page`;
const runList = (xs: number[]) => `runs ${xs.map((s) => s.toFixed(2)).join(' ')}`;
console.log(`\nspeed on the ${samples.pages.length} sample pages, all at once (ours) / two at a time (tesseract):`);
console.log(`taicho ocr, npm model (default):           ${perPage(mo)}   ${runList(times.ours)}`);
if (fastDir) console.log(`taicho ocr, TAICHO_TESSDATA_DIR=${fastDir}: ${perPage(mf)}   ${runList(times.oursFast)}`);
console.log(`tesseract CLI, Debian model:               ${perPage(mt)}   ${runList(times.tess)}`);
console.log(`tesseract CLI, our npm model:              ${perPage(ms)}   ${runList(times.same)}`);

console.log(`\nwhere the time goes, one thread (seconds per stage; no second page competing for the cores):`);
for (const l of alone.log) console.log(`  ${l.replace(/^ocr: /, '')}`);
const rss = (log: string[]) => Number(/peak_rss_mb=(\d+)/.exec(log.join(' '))?.[1] ?? NaN);
console.log(`memory: peak RSS ${rss(alone.log)} MB with one worker, ${rss(two.log)} MB with two: one worker ≈ ${rss(two.log) - rss(alone.log)} MB`);

const verdict = (ratio: number) => (ratio <= SPEED_TARGET ? 'met' : `missed by ${(((ratio - SPEED_TARGET) / SPEED_TARGET) * 100).toFixed(0)}%`);
console.log(`\nTargets (repeat: npm run bench -- ocr --runs ${runs}, or npx tsx bench/ocr.ts --runs ${runs}):`);
console.log(`  speed, npm model:    ${mo.toFixed(2)} s vs tesseract CLI ${mt.toFixed(2)} s → ${(mo / mt).toFixed(2)}× (target ≤ ${SPEED_TARGET}×: ${verdict(mo / mt)}); vs the CLI with our model ${(mo / ms).toFixed(2)}×`);
if (fastDir) console.log(`  speed, Debian model: ${mf.toFixed(2)} s vs tesseract CLI ${mt.toFixed(2)} s → ${(mf / mt).toFixed(2)}× (target ≤ ${SPEED_TARGET}×: ${verdict(mf / mt)})`);
console.log(`  word recall, worst page: ${Object.entries(worst).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ')} (target ≥ ${RECALL_TARGET} on every page of ours)`);
console.log(below.length ? `  below the recall target: ${below.join(', ')}` : '  every page of ours meets the recall target');
if (mo / mt > SPEED_TARGET) console.log(`  where the npm model's time goes: see the one-thread stages above (${basename(alone.log.at(-1) ?? '')})`);
rmSync(work, { recursive: true, force: true });
