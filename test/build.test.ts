import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staleReason } from '../scripts/build-check.mjs';
import { pngScan } from './support/fixtures';
import { cleanEnv, client, demoPin, freePort } from './support/server';

/**
 * The shipped JavaScript: `taicho` and `npm start` run dist/ (built by bin/taicho.mjs when
 * stale), never TypeScript. test/support/no-typescript.mjs makes loading tsx or a .ts file throw,
 * in the main thread and in worker threads, so whatever still works here ran from dist/ alone.
 */
const root = path.resolve(import.meta.dirname, '..');
const NO_TS = `--import=${path.join(root, 'test/support/no-typescript.mjs')}`;
const dir = mkdtempSync(path.join(tmpdir(), 'taicho-build-'));
const dataDir = path.join(dir, 'data');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function taicho(args: string[], env: NodeJS.ProcessEnv = cleanEnv({ TAICHO_DATA_DIR: dataDir })) {
  return spawnSync(process.execPath, [NO_TS, path.join(root, 'bin/taicho.mjs'), ...args], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
}

describe('the compiled build, with TypeScript and tsx unloadable', () => {
  beforeAll(() => {
    // ECDSA keys: the first start then finds a PKI and skips RSA key generation (seconds of CPU).
    const init = taicho(['pki', 'init', '--key-algorithm', 'ECDSA-P256']);
    expect(init.status, init.stderr).toBe(0);
  }, 180_000);

  it('taicho --help', () => {
    const r = taicho(['--help']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^taicho — one-stop service centre/);
  });

  it('npm start serves /health, signs a result, and verifies it in a worker thread; taicho verify agrees', async () => {
    const port = await freePort();
    const env = cleanEnv({ PORT: String(port), HOST: '127.0.0.1', TAICHO_DATA_DIR: dataDir, NODE_OPTIONS: NO_TS });
    const server = spawn('npm', ['start', '--silent'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    server.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const exited = new Promise<never>((_, reject) => server.once('exit', (c) => reject(new Error(`npm start exited (${c}):\n${log}`))));
    exited.catch(() => undefined);
    try {
      const url = `http://127.0.0.1:${port}`;
      await Promise.race([exited, (async () => {
        while (!(await fetch(`${url}/health`).then((r) => r.ok, () => false))) await new Promise((r) => setTimeout(r, 200));
      })()]);
      const api = client(url);
      const code = await api.receive();
      await api.signThrough(code, demoPin(dataDir));
      const pdf = await api.result(code);
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'result.pdf');
      const report = await api.call('POST', '/api/v1/verify', 'auditor', form);
      const signers = (r: Record<string, unknown>) => (r.signatures as { kind: string; signatureValid: boolean }[]).filter((x) => x.kind === 'signature');
      expect(report.valid).toBe(true);
      expect(signers(report).map((x) => x.signatureValid)).toEqual([true, true]); // the leader's and the seal's

      writeFileSync(path.join(dir, 'result.pdf'), pdf);
      const cli = taicho(['verify', '--json', 'result.pdf']);
      expect(cli.status, cli.stderr).toBe(0);
      const fromCli = JSON.parse(cli.stdout);
      expect(fromCli.valid).toBe(true);
      expect(signers(fromCli).map((x) => x.signatureValid)).toEqual([true, true]);
      expect(log).not.toMatch(/no-typescript/);
    } finally {
      process.kill(-server.pid!, 'SIGTERM');
    }
  }, 240_000);

  it('taicho ocr digitises a page in the OCR worker threads', async () => {
    writeFileSync(path.join(dir, 'scan.png'), await pngScan('Giấy khai sinh'));
    const r = taicho(['ocr', 'scan.png', '-o', 'scan.pdf', '--jobs', '1']);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'scan.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  }, 180_000);
});

describe('staleReason: when bin/taicho.mjs builds dist/ again', () => {
  const checkout = path.join(dir, 'checkout');
  const manifest = (startedAt: number) => writeFileSync(path.join(checkout, 'dist/build.json'), JSON.stringify({ startedAt, inputs: ['src/a.ts', 'package.json'] }));

  it('never built, current, a source saved after the build started, a source gone', () => {
    mkdirSync(path.join(checkout, 'src'), { recursive: true });
    mkdirSync(path.join(checkout, 'dist'));
    expect(staleReason(checkout)).toBe('dist/ has not been built');
    writeFileSync(path.join(checkout, 'src/a.ts'), '');
    writeFileSync(path.join(checkout, 'package.json'), '{}');
    const built = Date.now();
    for (const f of ['src/a.ts', 'package.json']) utimesSync(path.join(checkout, f), new Date(built - 60_000), new Date(built - 60_000));
    manifest(built);
    expect(staleReason(checkout)).toBeUndefined();
    utimesSync(path.join(checkout, 'src/a.ts'), new Date(built + 1000), new Date(built + 1000)); // an edit, a git pull
    expect(staleReason(checkout)).toBe('src/a.ts changed');
    rmSync(path.join(checkout, 'src/a.ts'));
    expect(staleReason(checkout)).toBe('src/a.ts is gone');
  });
});
