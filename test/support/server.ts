import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/command';
import { pngScan, receptionForm } from './fixtures';

/**
 * A real `taicho serve` process on a free port and its own data dir, driven over HTTP: what an
 * operator runs, so the configuration defaults (PKI per data dir) are the ones under test.
 */
const root = path.resolve(import.meta.dirname, '../..');
export const DEMO_PASSWORD = 'server-demo-password';

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  const port = await new Promise<number>((resolve) => srv.listen(0, '127.0.0.1', () => resolve((srv.address() as net.AddressInfo).port)));
  await new Promise((r) => srv.close(r));
  return port;
}

/** The environment of the test process minus every variable that would pin the PKI or PIN. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TAICHO_DEMO_PASSWORD: DEMO_PASSWORD, TAICHO_LOG_LEVEL: 'warn', TAICHO_OCR_WORKERS: '0', ...extra };
  for (const k of ['TAICHO_DEMO_PIN', 'TAICHO_PKI_DIR', 'TAICHO_TRUST_DIR']) if (!(k in extra)) delete env[k];
  return env;
}

/** `taicho <args>` in-process, configured as an operator of `dataDir` would be (no PKI or PIN variables). */
export async function taichoFor(dataDir: string, args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (s) => void (out += s), stderr: (s) => void (err += s), env: cleanEnv({ TAICHO_DATA_DIR: dataDir }), cwd };
  const code = await main(args, io);
  return { code, out, err };
}

export interface RunningServer {
  url: string;
  dataDir: string;
  log: () => string;
  stop(): Promise<void>;
}

/** Starts `node bin/taicho.mjs serve`; resolves once /health answers, rejects with the log if it exits first. */
export async function startServer(dataDir: string, extra: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, 'bin/taicho.mjs'), 'serve'], {
    cwd: root,
    env: cleanEnv({ PORT: String(port), HOST: '127.0.0.1', TAICHO_DATA_DIR: dataDir, ...extra }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? -1)));
  const url = `http://127.0.0.1:${port}`;
  let done = false;
  const up = (async () => {
    while (!done) {
      if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const first = await Promise.race([up.then(() => 'up' as const), exited]);
  done = true;
  if (first !== 'up') throw new ServerExited(first, log);
  return {
    url,
    dataDir,
    log: () => log,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export class ServerExited extends Error {
  constructor(readonly code: number, readonly log: string) {
    super(`the server exited (${code}) before answering:\n${log}`);
  }
}

/** The demo PIN a first start generated and kept in the data dir. */
export function demoPin(dataDir: string): string {
  return /^TAICHO_DEMO_PIN=(.*)$/m.exec(readFileSync(path.join(dataDir, 'demo-secrets.txt'), 'utf8'))![1].trim();
}

/** Requests as the demo users, failing loudly on any status but the expected one. */
export function client(url: string) {
  const tokens = new Map<string, string>();
  let received = 0;
  async function token(user: string): Promise<string> {
    if (!tokens.has(user)) {
      const r = await call('POST', '/api/v1/auth/login', undefined, { username: user, password: DEMO_PASSWORD });
      tokens.set(user, r.token as string);
    }
    return tokens.get(user)!;
  }
  async function call(method: string, p: string, user?: string, body?: unknown, expect = [200, 201]): Promise<Record<string, unknown>> {
    const headers: Record<string, string> = user ? { authorization: `Bearer ${await token(user)}` } : {};
    if (body !== undefined && !(body instanceof FormData)) headers['content-type'] = 'application/json';
    const res = await fetch(`${url}${p}`, { method, headers, body: body instanceof FormData ? body : body === undefined ? undefined : JSON.stringify(body) });
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!expect.includes(res.status)) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
    return { ...json, httpStatus: res.status };
  }
  return {
    call,
    /** A reception whose scan is new bytes each time (blobs are content-addressed: a repeat would add no file). */
    async receive(): Promise<string> {
      const scan = await pngScan(`Đơn đề nghị số ${++received} ${Date.now()}`);
      return (await call('POST', '/api/v1/dossiers', 'reception', await receptionForm({ files: [{ name: 'to-khai.png', bytes: scan }] }))).code as string;
    },
    /** Appraisal, the leader's approval and the seal: a result with two signatures. */
    async signThrough(code: string, pin: string): Promise<void> {
      await call('POST', `/api/v1/dossiers/${code}/appraisal`, 'specialist', { decision: 'accept' });
      await call('POST', `/api/v1/dossiers/${code}/approval`, 'leader', { pin });
      await call('POST', `/api/v1/dossiers/${code}/seal`, 'clerk', { pin });
    },
    async result(code: string): Promise<Uint8Array> {
      const res = await fetch(`${url}/api/v1/dossiers/${code}/result`, { headers: { authorization: `Bearer ${await token('reception')}` } });
      if (res.status !== 200) throw new Error(`result ${code}: ${res.status} ${await res.text()}`);
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}
