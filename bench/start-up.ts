/**
 * Start-up (`npm run bench -- start-up`): how long a command takes from `node` to its answer,
 * wall-clock and CPU medians of interleaved runs, each beside references run in the same loop:
 *
 *   taicho verify --json on a two-signature result   beside  pdfsig on the same file, node -e 0
 *   taicho serve: spawn → first 200 from /health     beside  node -e 0
 *
 * and each also as it ran before the compiled build (TypeScript through tsx), for the ratio.
 * The result is signed by our own `taicho sign` (the leader's, then the seal's key) on a PKI made
 * here (ECDSA P-256: RSA-3072 keys take seconds to make and nothing to verify). The server
 * starts on a data dir whose first start (demo users, PKI) is done before timing, as the
 * target is "once the PKI exists". `node bin/taicho.mjs serve` is what `npm start` execs; npm's
 * own start is not counted. Interleaving spreads a busy machine's noise
 * over every row; the load average is printed so a reader can judge it.
 *
 *   npx tsx bench/start-up.ts [--runs N]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { main as taicho } from '../src/cli/main';
import { textPdf } from '../src/signing/testing';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin/taicho.mjs');
const PIN = 'bench-pin-1234';
/** What bin/taicho.mjs did before the compiled build: the CLI's TypeScript through tsx. */
const FROM_SOURCES = `const { main } = await import(${JSON.stringify(path.join(ROOT, 'src/cli/main.ts'))}); process.exitCode = await main(process.argv.slice(1));`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One run: wall-clock ms, and CPU ms (user + system, every thread) where /proc tells it. */
interface Timing {
  wall: number;
  cpu?: number;
}

interface Row {
  name: string;
  run: () => Promise<Timing>;
  target?: number;
  times: Timing[];
}

/**
 * CPU time is the figure a busy machine disturbs least (wall time there is mostly waiting for a
 * core). Linux: a command's is its shell's `cutime + cstime` once the shell has waited for it;
 * a running server's is its own `utime + stime`. In clock ticks of `getconf CLK_TCK`.
 */
const PROC = existsSync('/proc/self/stat');
const TICK_MS = PROC ? 1000 / Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100) : 0;
const statFields = (stat: string) => stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number); // from field 3 (state) on

function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): () => Promise<Timing> {
  const wrapped = PROC ? ['sh', ['-c', '"$@" > /dev/null; s=$?; cat /proc/$$/stat; exit $s', 'sh', cmd, ...args]] as const : ([cmd, args] as const);
  return async () => {
    const t0 = performance.now();
    const r = spawnSync(wrapped[0], [...wrapped[1]], { env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    const wall = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
    const f = PROC ? statFields(r.stdout) : [];
    return { wall, cpu: PROC ? (f[13] + f[14]) * TICK_MS : undefined };
  };
}

/** Spawn → first 200 from /health (polled every 5 ms), then SIGTERM and wait for the exit. */
function serverStart(args: string[], env: NodeJS.ProcessEnv, port: number): () => Promise<Timing> {
  return async () => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    while (!(await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false))) {
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${log}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const wall = performance.now() - t0;
    const f = PROC ? statFields(readFileSync(`/proc/${child.pid}/stat`, 'utf8')) : [];
    child.kill('SIGTERM');
    await exited;
    return { wall, cpu: PROC ? (f[11] + f[12]) * TICK_MS : undefined };
  };
}

async function setUp(dir: string): Promise<{ pdf: string; env: NodeJS.ProcessEnv }> {
  const env: NodeJS.ProcessEnv = { ...process.env, TAICHO_DATA_DIR: path.join(dir, 'data'), TAICHO_DEMO_PIN: PIN, TAICHO_DEMO_PASSWORD: 'bench-password', TAICHO_LOG_LEVEL: 'warn', HOST: '127.0.0.1' };
  for (const k of ['TAICHO_PKI_DIR', 'TAICHO_TRUST_DIR']) delete env[k];
  const io = { stdout: () => {}, stderr: (s: string) => void process.stderr.write(s), env, cwd: dir };
  const step = async (args: string[]) => {
    if ((await taicho(args, io)) !== 0) throw new Error(`taicho ${args.join(' ')} failed`);
  };
  await step(['pki', 'init', '--key-algorithm', 'ECDSA-P256']);
  writeFileSync(path.join(dir, 'base.pdf'), await textPdf());
  await step(['sign', 'base.pdf', '-o', 'one.pdf', '--p12', 'data/pki/leaders/leader.p12', '--pin', PIN, '--reason', 'Phê duyệt']);
  await step(['sign', 'one.pdf', '-o', 'result.pdf', '--p12', 'data/pki/seal.p12', '--pin', PIN, '--reason', 'Đóng dấu']);
  return { pdf: path.join(dir, 'result.pdf'), env };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '9' } }, strict: false }); // npm run bench passes every bench the same options
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number ≥ 1 (got '${values.runs}')`);
  const dir = mkdtempSync(path.join(tmpdir(), 'taicho-bench-startup-'));
  try {
    const { pdf, env } = await setUp(dir);
    const built = spawnSync(process.execPath, [BIN, '--help'], { env, encoding: 'utf8' }); // builds dist/ if stale: not timed
    if (built.status !== 0) throw new Error(`bin/taicho.mjs --help: ${built.stderr}`);
    const port = 20_000 + (process.pid % 20_000);
    await serverStart([BIN, 'serve'], env, port)(); // the first start: demo users; the PKI exists
    const pdfsig = spawnSync('pdfsig', ['-v'], { encoding: 'utf8' }).error ? undefined : 'pdfsig';
    const verify = ['verify', '--json', pdf];
    const rows: Row[] = [
      { name: 'node -e 0 (reference)', run: timed(process.execPath, ['-e', '0'], env), times: [] },
      ...(pdfsig ? [{ name: 'pdfsig result.pdf (reference)', run: timed('pdfsig', [pdf], env), times: [] }] : []),
      { name: 'taicho verify --json result.pdf', run: timed(process.execPath, [BIN, ...verify], env), target: 500, times: [] },
      { name: '  the same from the sources (tsx)', run: timed(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', FROM_SOURCES, ...verify], env), times: [] },
      { name: 'taicho serve → /health', run: serverStart([BIN, 'serve'], env, port), target: 1500, times: [] },
      { name: '  the same from the sources (tsx)', run: serverStart(['--import', 'tsx', path.join(ROOT, 'src/main.ts')], env, port), times: [] },
    ];
    if (!pdfsig) console.log('[skip] pdfsig not found: its reference row is left out');
    const load = loadavg()[0];
    for (let i = 0; i < runs; i++) for (const r of rows) r.times.push(await r.run());
    const med = (r: Row, k: keyof Timing) => median(r.times.map((t) => t[k] ?? NaN));
    const [nodeWall, nodeCpu] = [med(rows[0], 'wall'), med(rows[0], 'cpu')];
    console.log(`medians of ${runs} interleaved runs${PROC ? '' : ' (no /proc: CPU time not measured)'}`);
    console.log(`${'command'.padEnd(38)} ${'wall ms'.padStart(8)} ${'× node'.padStart(7)} ${'cpu ms'.padStart(8)} ${'× node'.padStart(7)}  target (wall)`);
    for (const r of rows) {
      const [wall, cpu] = [med(r, 'wall'), med(r, 'cpu')];
      const target = r.target ? `≤ ${r.target} ms: ${wall <= r.target ? 'met' : 'NOT met'}` : '';
      console.log(`${r.name.padEnd(38)} ${wall.toFixed(0).padStart(8)} ${(wall / nodeWall).toFixed(1).padStart(7)} ${cpu.toFixed(0).padStart(8)} ${(cpu / nodeCpu).toFixed(1).padStart(7)}  ${target}`);
    }
    console.log(`\nnode ${process.version}, ${runs} runs, load average ${load.toFixed(1)} at the start and ${loadavg()[0].toFixed(1)} at the end`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
