/**
 * `npm run bench`: every benchmark, each printing its figures beside a reference tool run on
 * the same machine in the same run (tesseract CLI, pdfsig). Heavy: kept out of `npm test`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BENCHES = ['ocr', 'sign', 'verify', 'start-up', 'load', 'soak'] as const;
/** The soak takes minutes on purpose: it runs only when named. */
const DEFAULT: readonly string[] = BENCHES.filter((b) => b !== 'soak');
const USAGE = `Usage: npm run bench [-- NAME... [--OPTION VALUE...]]      (NAME: ${BENCHES.join(', ')}; default all but soak)

  ocr      taicho's OCR pipeline against the tesseract CLI (needs ../shared/samples/scans,
           or run it alone: npx tsx bench/ocr.ts SAMPLES_DIR)
  sign     PAdES signatures per second against pdfsig -add-signature
  verify   verifications per second against pdfsig
  start-up taicho verify --json (a two-signature result) beside pdfsig and node -e 0, and the
           server's start to /health beside node -e 0; each also from the TypeScript sources
           (options after --: --runs N, default 9)
  load     a seeded instance under 200 connections: lookup, login, work lists, search, reception,
           beside /health (options after --: --seconds, --dossiers, --only, --cpu-prof DIR)
  soak     --minutes N (default 10): digitisation running, light reads, the server's memory each minute

Options (from the first --OPTION on) are passed to each bench named. Each bench runs in its own
process; stopping this one (Ctrl-C, SIGTERM) stops it too.
`;

const argv = process.argv.slice(2);
const firstOption = argv.findIndex((a) => a.startsWith('-'));
const args = firstOption < 0 ? argv : argv.slice(0, firstOption);
const options = firstOption < 0 ? [] : argv.slice(firstOption);
if (options.includes('--help') || options.includes('-h')) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const unknown = args.filter((a) => !(BENCHES as readonly string[]).includes(a));
if (unknown.length) {
  process.stderr.write(`bench: unknown ${unknown.map((a) => `'${a}'`).join(', ')}\n\n${USAGE}`);
  process.exit(1);
}

// The running bench, so a signal to this process reaches it rather than leaving it orphaned.
let child: ReturnType<typeof spawn> | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    child?.kill(signal);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

let failed = 0;
for (const name of BENCHES) {
  if (args.length ? !args.includes(name) : !DEFAULT.includes(name)) continue;
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  if (!existsSync(file)) {
    console.log(`\n== ${name}: no benchmark yet (bench/${name}.ts)`);
    continue;
  }
  console.log(`\n== ${name}`);
  child = spawn(process.execPath, ['--import', 'tsx', file, ...options], { stdio: 'inherit' });
  const status = await new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
  if (status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
