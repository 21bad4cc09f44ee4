/**
 * `npm run bench`: every benchmark, each printing its figures beside a reference tool run on
 * the same machine in the same run (tesseract CLI, pdfsig). Heavy: kept out of `npm test`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BENCHES = ['ocr', 'sign', 'verify'] as const;
const USAGE = `Usage: npm run bench [-- NAME...]      (NAME: ${BENCHES.join(', ')}; default all)

  ocr      taicho's OCR pipeline against the tesseract CLI (needs ../shared/samples/scans,
           or run it alone: npx tsx bench/ocr.ts SAMPLES_DIR)
  sign     PAdES signatures per second against pdfsig -add-signature
  verify   verifications per second against pdfsig

Each bench runs in its own process; stopping this one (Ctrl-C, SIGTERM) stops it too.
`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
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
  if (args.length && !args.includes(name)) continue;
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  if (!existsSync(file)) {
    console.log(`\n== ${name}: no benchmark yet (bench/${name}.ts)`);
    continue;
  }
  console.log(`\n== ${name}`);
  child = spawn(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  const status = await new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
  if (status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
