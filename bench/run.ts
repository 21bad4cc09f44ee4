/**
 * `npm run bench`: every benchmark, each printing its figures beside a reference tool run on
 * the same machine in the same run (tesseract CLI, pdfsig). Heavy: kept out of `npm test`.
 *   npm run bench                 all of them
 *   npm run bench -- ocr verify   only those
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BENCHES = ['ocr', 'sign', 'verify'] as const;
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
let failed = 0;
for (const name of BENCHES) {
  if (wanted.length && !wanted.includes(name)) continue;
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  if (!existsSync(file)) {
    console.log(`\n== ${name}: no benchmark yet (bench/${name}.ts)`);
    continue;
  }
  console.log(`\n== ${name}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
