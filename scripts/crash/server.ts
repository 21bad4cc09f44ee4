import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/**
 * The real server (`src/main.ts`, as `npm start` runs it) in a child process on a data dir of
 * the harness's choosing, started, SIGKILLed and started again on the same data.
 */
export interface ServerOptions {
  root: string;
  dataDir: string;
  password: string;
  pin: string;
  ocrWorkers: number;
}

export interface RunningServer {
  base: string;
  /** Exit code or signal; resolves when the process is gone. */
  exited: Promise<string>;
  /** The last lines it wrote (for the report when something goes wrong). */
  tail(): string;
  kill(): Promise<string>;
}

export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** The environment `npm start` gets: everything under the harness's data dir, fixed secrets, quiet logs. */
function serverEnv(o: ServerOptions, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    TAICHO_DATA_DIR: o.dataDir,
    TAICHO_PKI_DIR: path.join(o.dataDir, 'pki'),
    TAICHO_TRUST_DIR: path.join(o.dataDir, 'trust'),
    TAICHO_DEMO_PASSWORD: o.password,
    TAICHO_DEMO_PIN: o.pin,
    TAICHO_OCR_WORKERS: String(o.ocrWorkers),
    TAICHO_OCR_LANG: 'vie',
    TAICHO_LOG_LEVEL: 'warn',
  };
}

/**
 * `taicho pki init --key-algorithm ECDSA-P256` before the first start: the development PKI in
 * seconds instead of the RSA default's half minute (the short slice in `npm test` uses it).
 */
export function initPki(o: ServerOptions, keyAlgorithm: 'ECDSA-P256' | 'RSA-3072'): void {
  const r = spawnSync(process.execPath, [path.join(o.root, 'bin/taicho.mjs'), 'pki', 'init', '--key-algorithm', keyAlgorithm], { cwd: o.root, env: serverEnv(o, 0), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`taicho pki init: exit ${r.status}: ${r.stderr}`);
}

export async function startServer(o: ServerOptions, readyWithinMs = 180_000): Promise<RunningServer> {
  const port = await freePort();
  const env = serverEnv(o, port);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(o.root, 'src/main.ts')], { cwd: o.root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (b: Buffer) => void (log = (log + b.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)));
  const base = `http://127.0.0.1:${port}`;
  await waitHealthy(base, child, exited, readyWithinMs, () => log);
  return {
    base,
    exited,
    tail: () => log,
    kill: async () => {
      child.kill('SIGKILL');
      return exited;
    },
  };
}

async function waitHealthy(base: string, child: ChildProcess, exited: Promise<string>, withinMs: number, log: () => string): Promise<void> {
  let gone: string | undefined;
  void exited.then((why) => (gone = why));
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    if (gone) throw new Error(`the server stopped while starting (${gone}):\n${log()}`);
    try {
      const res = await fetch(`${base}/health`);
      const body = (await res.json()) as { capabilities?: { signing?: boolean; digitisation?: boolean } };
      // Ready means ready to sign and digitise: the PKI opens after the port does.
      if (res.ok && body.capabilities?.signing) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not become healthy within ${withinMs} ms:\n${log()}`);
}
