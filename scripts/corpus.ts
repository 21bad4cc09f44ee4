/**
 * Runs the verifier over the peers' corpus (../shared/corpus) and compares with the expected
 * verdicts in manifest.tsv: integrity, modified-after-signing and the overall verdict. Trust is
 * out of scope there (foreign roots), so the overall verdict compared here ignores chain and
 * revocation. Each file runs in a child process with a time limit, so a hang is caught too.
 * It runs the verifier as the server does: src/verify/node's, on native zlib and Ed448.
 *
 *   npm run corpus -- ../shared/corpus [--in-process]   (in-process: faster, but a hang would stop the run)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusVerdict, disagreements, readCorpusManifest, type CorpusVerdict } from '../src/verify/corpus-verdict';
import { verifyPdf } from '../src/verify/node/verify-pdf';

const TIME_LIMIT_MS = 15_000;
const SIZE_LIMIT = 20 * 1024 * 1024;

/** One file in a child process: a hang or crash there is a result, not the end of the run. */
async function runOne(file: string, inProcess: boolean): Promise<{ verdict: CorpusVerdict; ms: number }> {
  const t = Date.now();
  if (inProcess) return { verdict: await corpusVerdict(new Uint8Array(readFileSync(file)), { maxBytes: SIZE_LIMIT, timeMs: TIME_LIMIT_MS }, verifyPdf), ms: Date.now() - t };
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--one', file], { encoding: 'utf8', timeout: TIME_LIMIT_MS + 5_000 });
  const ms = Date.now() - t;
  if (child.error || child.status !== 0) {
    const why = child.error?.message ?? (child.stderr.trim().split('\n').pop() || `exit ${child.status}`);
    return { verdict: { integrity: 'crash', modified: 'crash', overall: 'crash', note: why.slice(0, 120) }, ms };
  }
  return { verdict: JSON.parse(child.stdout) as CorpusVerdict, ms };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--one') {
    process.stdout.write(JSON.stringify(await corpusVerdict(new Uint8Array(readFileSync(args[1])), { maxBytes: SIZE_LIMIT, timeMs: TIME_LIMIT_MS }, verifyPdf)));
    return;
  }
  const dir = args.find((a) => !a.startsWith('--')) ?? '../shared/corpus';
  const rows = readCorpusManifest(readFileSync(path.join(dir, 'manifest.tsv'), 'utf8'));
  let agree = 0;
  const table: string[] = [];
  const pad = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s.padEnd(n));
  table.push(`${pad('file', 56)} ${pad('integrity exp/got', 22)} ${pad('modified exp/got', 20)} ${pad('overall exp/got', 34)} ${pad('ms', 6)} ok`);
  for (const r of rows) {
    const { verdict: v, ms } = await runOne(path.join(dir, 'pdf', r.file), args.includes('--in-process'));
    const ok = disagreements(r, v).length === 0;
    if (ok) agree++;
    table.push(`${pad(r.file, 56)} ${pad(`${r.integrity}/${v.integrity}`, 22)} ${pad(`${r.modified}/${v.modified}`, 20)} ${pad(`${r.overall}/${v.overall}`, 34)} ${pad(String(ms), 6)} ${ok ? 'yes' : 'NO'}${v.note ? `  ${v.note}` : ''}`);
  }
  console.log(table.join('\n'));
  console.log(`\nagreements: ${agree}/${rows.length}`);
  process.exitCode = agree === rows.length ? 0 : 1;
}

await main();
