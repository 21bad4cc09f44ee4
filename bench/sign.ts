/**
 * Signing throughput (`npx tsx bench/sign.ts`, or `npm run bench -- sign`): PAdES signatures
 * per second with our signer for a 1-page and a 100-page PDF, with and without an RFC 3161
 * time-stamp (in-process TSA), beside poppler's `pdfsig -add-signature` (NSS; 22.x refuses -etsi with
 * -add-signature, so it writes adbe.pkcs7.detached — the same CMS work) on the
 * same files in the same run. Each signature is a new invisible field, as pdfsig adds one.
 * Sequential, one process; medians of per-signature times. pdfsig times include its process
 * start and NSS database open, which is what a caller of that tool pays.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTestPki, removeScratch, scratchDir, TEST_PIN, type KeyAlgorithmName } from '../src/pki';
import { LocalKeySigner, signPdf } from '../src/signing';
import { textPdf } from '../src/signing/testing';

const ALG = (process.env.BENCH_KEY_ALGORITHM ?? 'RSA-3072') as KeyAlgorithmName;
const RUNS = { 1: 30, 100: 10 } as const;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timeEach(n: number, f: () => Promise<unknown> | unknown): Promise<number> {
  await f(); // warm-up (JIT, font and key caches)
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  return median(times);
}

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}

/** An NSS database holding the same PKCS#12 as our signer, for pdfsig. Returns the nickname. */
function nssDb(dir: string, p12: string): string {
  run('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
  run('pk12util', ['-i', p12, '-d', `sql:${dir}`, '-W', TEST_PIN, '-K', '']);
  const nicks = run('pdfsig', ['-nssdir', `sql:${dir}`, '-list-nicks']).split('\n').map((s) => s.trim()).filter((s) => s && !s.endsWith(':'));
  if (!nicks.length) throw new Error('pdfsig lists no signing certificate in the NSS database');
  return nicks[0];
}

async function main() {
  const t0 = performance.now();
  const pki = await createTestPki({ keyAlgorithm: ALG });
  console.log(`key ${ALG}; test PKI made in ${(performance.now() - t0).toFixed(0)} ms`);
  const p12 = pki.credentialPath('seal');
  const signer = await LocalKeySigner.fromP12(readFileSync(p12), TEST_PIN);
  const dir = scratchDir('bench-sign');
  let nick: string | undefined;
  try {
    nick = nssDb(dir, p12);
  } catch (e) {
    console.log(`pdfsig reference skipped: ${(e as Error).message}`);
  }
  console.log('pages  time-stamp  taicho ms  taicho sig/s  pdfsig ms  pdfsig sig/s  taicho/pdfsig');
  for (const pages of [1, 100] as const) {
    const pdf = await textPdf(pages);
    const input = path.join(dir, `in-${pages}.pdf`);
    writeFileSync(input, pdf);
    let pdfsigMs: number | undefined;
    if (nick) {
      const out = path.join(dir, `pdfsig-${pages}.pdf`);
      const args = ['-add-signature', '-nssdir', `sql:${dir}`, '-nick', nick, '-new-signature-field-name', 'S', input, out];
      pdfsigMs = await timeEach(RUNS[pages], () => run('pdfsig', args));
      if (!run('pdfsig', ['-nssdir', `sql:${dir}`, out]).includes('Signature is Valid')) throw new Error('pdfsig made an invalid signature');
    }
    for (const stamped of [false, true]) {
      const ms = await timeEach(RUNS[pages], () => signPdf(pdf, { signer, timestamp: stamped ? pki.tsa : undefined, reason: 'Đo tốc độ' }));
      const ref = stamped ? undefined : pdfsigMs; // pdfsig 22.x cannot time-stamp
      console.log(
        [
          String(pages).padStart(5),
          (stamped ? 'yes' : 'no').padStart(10),
          ms.toFixed(1).padStart(10),
          (1000 / ms).toFixed(1).padStart(13),
          (ref?.toFixed(1) ?? 'n/a').padStart(10),
          (ref ? (1000 / ref).toFixed(1) : 'n/a').padStart(13),
          (ref ? `${(ref / ms).toFixed(2)}×` : 'n/a').padStart(14),
        ].join(' '),
      );
    }
  }
  removeScratch();
}

await main();
