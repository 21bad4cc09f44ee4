/**
 * `npm run bench -- load --generator wrk`: drives a scenario with wrk (C, one thread) instead
 * of autocannon. On this 2-core machine autocannon (JS) takes a whole core to make its
 * requests, so the server never gets the other one to itself and even /health tops out near
 * autocannon's own ceiling; wrk spends a fraction of that per request. The requests (paths
 * drawn at random, headers) are made by wrk.lua, which prints the summary read here.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A scenario as wrk can drive it: a fixed path, or one of `paths` at random per request. */
export interface WrkPlan {
  path: string;
  paths?: string[];
  headers?: Record<string, string>;
}

/** One scenario's figures (latencies in ms, as autocannon gives them). */
export interface Figures {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** Non-2xx answers (wrk: 4xx and 5xx) and connection errors. */
  errors: number;
  timeouts: number;
}

const SCRIPT = fileURLToPath(new URL('./wrk.lua', import.meta.url));

export async function measureWithWrk(url: string, name: string, plan: WrkPlan, seconds: number, connections: number): Promise<Figures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'taicho-wrk-'));
  try {
    const pathsFile = plan.paths ? path.join(dir, 'paths.txt') : '';
    if (plan.paths) writeFileSync(pathsFile, plan.paths.join('\n') + '\n');
    const env = { ...process.env, BENCH_PATHS: pathsFile, BENCH_HEADERS: Object.entries(plan.headers ?? {}).map(([k, v]) => `${k}: ${v}`).join('\n') };
    // 30 s timeout as with autocannon; one thread: the client's core, the server gets the other.
    const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '30s', '-s', SCRIPT, url + plan.path];
    const out = await run('wrk', args, env);
    const line = /^BENCH (\{.*\})$/m.exec(out)?.[1];
    if (!line) throw new Error(`wrk gave no summary:\n${out}`);
    const s = JSON.parse(line) as { requests: number; duration_us: number; p50_us: number; p99_us: number; errors: number; timeouts: number };
    return { name, rps: s.requests / (s.duration_us / 1e6), p50: Math.round(s.p50_us / 1000), p99: Math.round(s.p99_us / 1000), requests: s.requests, errors: s.errors, timeouts: s.timeouts };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', (e) => reject(new Error(`${command} could not start (${e.message}); it is the Debian package 'wrk'`)));
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited with ${code}:\n${out}`))));
  });
}
