/**
 * A throw-away taicho server for the load and soak benches: its own temp data dir (database,
 * blobs, PKI, trust folder), a free port, started as `npm start` would (a child process, so
 * the bench's own client load and memory are not mixed into the server's).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const AGENCY = '000.00.06.H56';
export const PASSWORD = 'bench-password-1';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Instance {
  url: string;
  dataDir: string;
  pid: number;
  /** The server's process.memoryUsage(), asked over the IPC channel. */
  memory(): Promise<NodeJS.MemoryUsage>;
  /** SIGTERM, wait for the exit (a CPU profile, if asked for, is written then), remove the data dir. */
  stop(): Promise<void>;
}

export interface InstanceOptions {
  /** OCR threads (0: receptions only queue their documents). */
  ocrWorkers: number;
  /** Extra node flags, e.g. ['--cpu-prof', '--cpu-prof-dir=…']. */
  nodeArgs?: string[];
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startInstance(opts: InstanceOptions): Promise<Instance> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'taicho-bench-'));
  const port = await freePort();
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    TAICHO_DATA_DIR: dataDir,
    TAICHO_PKI_DIR: path.join(dataDir, 'pki'),
    TAICHO_TRUST_DIR: path.join(dataDir, 'trust'),
    TAICHO_DEMO_PASSWORD: PASSWORD,
    TAICHO_DEMO_PIN: '246810',
    TAICHO_AGENCY_CODE: AGENCY,
    TAICHO_OCR_WORKERS: String(opts.ocrWorkers),
    TAICHO_LOG_LEVEL: 'warn',
  };
  const args = [...(opts.nodeArgs ?? []), '--import', 'tsx', '--import', './bench/load/memory-probe.mjs', 'src/main.ts'];
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(url, child);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  return {
    url,
    dataDir,
    pid: child.pid!,
    memory: () => memoryOf(child),
    async stop() {
      if (!exited) child.kill('SIGTERM');
      await exit;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls /health until the server answers (the first start makes a PKI: up to a minute here). */
async function waitHealthy(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before answering`);
    try {
      const r = await fetch(`${url}/health`);
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error('the server did not answer /health within 3 minutes');
}

/** A bearer token for a demo user. */
export async function login(url: string, username: string): Promise<string> {
  const r = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (!r.ok) throw new Error(`login as ${username}: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

function memoryOf(child: ChildProcess): Promise<NodeJS.MemoryUsage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not report its memory')), 10_000);
    const onMessage = (m: unknown) => {
      if (typeof m !== 'object' || m === null || !('memory' in m)) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve((m as { memory: NodeJS.MemoryUsage }).memory);
    };
    child.on('message', onMessage);
    child.send('memory');
  });
}
