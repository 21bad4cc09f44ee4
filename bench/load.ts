/**
 * `npm run bench -- load`: a running instance (started here, temp data dir, seeded with
 * dossiers) under 200 concurrent connections per scenario, driven by autocannon: the citizen's
 * lookup (API and page), login, the work lists (API and the desk's home page), search and
 * reception of small files. Each line gives requests/s, p50/p99 latency and errors, and its
 * ratio to `/health` measured in the same run, and the server's CPU time per request: the
 * machine is shared, so the ratio and the CPU time are the figures that travel.
 * `--generator wrk` drives the scenarios that are plain GETs with wrk instead (bench/load/wrk.ts):
 * autocannon takes a core of its own on a 2-core machine.
 *
 *   npx tsx bench/load.ts [--dossiers 5000] [--seconds 10] [--connections 200] [--only a,b] [--cpu-prof DIR] [--generator autocannon|wrk]
 */
import autocannon from 'autocannon';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { parseArgs } from 'node:util';
import { AGENCY, login, PASSWORD, startInstance, type Instance } from './load/instance';
import { citizenId, seedDossiers, seedUsers } from './load/seed';
import { measureWithWrk, type Figures, type WrkPlan } from './load/wrk';

export type { Figures };

const { values: opt } = parseArgs({
  options: {
    dossiers: { type: 'string', default: '5000' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '200' },
    only: { type: 'string' },
    'cpu-prof': { type: 'string' },
    generator: { type: 'string', default: 'autocannon' },
  },
});
const GENERATORS = ['autocannon', 'wrk'];
if (!GENERATORS.includes(opt.generator)) throw new Error(`--generator: one of ${GENERATORS.join(', ')}`);

interface Scenario {
  name: string;
  /** At least this long: a scenario whose answers take seconds needs time to count any. */
  minSeconds?: number;
  /** A plain GET (any generator can drive it: a fixed path or one at random, headers) … */
  plan?(ctx: Context): WrkPlan;
  /** … or autocannon's own options (bodies, a body per request): autocannon only. */
  options?(ctx: Context): Partial<autocannon.Options> & { path?: string };
}

interface Context {
  url: string;
  codes: string[];
  users: string[];
  tokens: Record<string, string>;
  png: Buffer;
}

const pick = (codes: string[]) => codes[Math.floor(Math.random() * codes.length)]!;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** One request path per seeded dossier: each request takes one at random (≈ 1 in 5 a first visit in a 10 s run). */
const each = (c: Context, path: (code: string, i: number) => string) => ({ path: path(c.codes[0]!, 0), paths: c.codes.map(path) });

const SCENARIOS: Scenario[] = [
  { name: 'health', plan: () => ({ path: '/health' }) },
  { name: 'lookup api', plan: (c) => each(c, (code) => `/api/v1/public/dossiers/${code}`) },
  { name: 'lookup page', plan: (c) => each(c, (code) => `/lookup/${code}`) },
  { name: 'work-list', plan: (c) => ({ path: '/api/v1/work-list', headers: bearer(c.tokens.specialist!) }) },
  // The web desk's home page: the role's work list rendered as HTML, with the session cookie (a bearer token is one).
  { name: 'home page', plan: (c) => ({ path: '/', headers: { cookie: `taicho_session=${c.tokens.specialist!}` } }) },
  { name: 'dossiers?status', plan: (c) => ({ path: '/api/v1/dossiers?status=received', headers: bearer(c.tokens.specialist!) }) },
  { name: 'find by name', plan: (c) => ({ path: `/api/v1/dossiers/find?q=${encodeURIComponent('Bình')}`, headers: bearer(c.tokens.reception!) }) },
  // A CCCD number printed on one page (a word on every page instead ranks all 5,000: ~50 ms each).
  { name: 'search text', plan: (c) => ({ ...each(c, (_, i) => `/api/v1/search?q=${citizenId(i)}`), headers: bearer(c.tokens.reception!) }) },
  { name: 'reception', options: (c) => ({ method: 'POST', path: '/api/v1/dossiers', ...receptionBody(c.png), headers: { ...bearer(c.tokens.reception!), ...receptionBody(c.png).headers } }) },
  // Last: the server goes on hashing the passwords of requests the client gave up on.
  {
    name: 'login',
    minSeconds: 30, // scrypt (~0.1–0.4 s of a core each) behind 199 others: answers take seconds
    options: (c) => ({
      method: 'POST',
      path: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      requests: [{ setupRequest: (r) => ({ ...r, body: JSON.stringify({ username: pick(c.users), password: PASSWORD }) }) }],
    }),
  },
];

/** A reception form with one small scan, built once (every request makes a new dossier). */
function receptionBody(png: Buffer) {
  const boundary = 'taicho-bench-boundary';
  const field = (name: string, value: string) => `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const head =
    field('procedureCode', '1.001193') +
    field('applicantName', 'Nguyễn Thị Ánh Tuyết') +
    field('applicantId', '001085012345') +
    field('applicantPhone', '0912345678') +
    field('channel', 'direct') +
    `--${boundary}\r\ncontent-disposition: form-data; name="files"; filename="trang-1.png"\r\ncontent-type: image/png\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head), png, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A plan as autocannon's options: a path drawn per request through setupRequest. */
function autocannonOptions(plan: WrkPlan): Partial<autocannon.Options> & { path?: string } {
  const { path: at, paths, headers } = plan;
  return paths ? { headers, requests: [{ setupRequest: (r) => ({ ...r, path: pick(paths) }) }] } : { path: at, headers };
}

/** The scenario driven by the chosen generator; undefined when that generator cannot drive it. */
function drive(s: Scenario, ctx: Context, seconds: number, connections: number): Promise<Figures> | undefined {
  if (opt.generator === 'wrk') return s.plan ? measureWithWrk(ctx.url, s.name, s.plan(ctx), seconds, connections) : undefined;
  return measure(ctx.url, s.name, s.plan ? autocannonOptions(s.plan(ctx)) : s.options!(ctx), seconds, connections);
}

export async function measure(url: string, name: string, options: Partial<autocannon.Options> & { path?: string }, seconds: number, connections: number): Promise<Figures> {
  // autocannon takes the path from the URL (or from each request); `path` is our shorthand.
  const { path: at = '/', ...rest } = options as Partial<autocannon.Options> & { path?: string };
  // 30 s before a request counts as timed out: login waits for scrypt behind 199 others.
  const r = await autocannon({ url: url + at, connections, duration: seconds, timeout: 30, ...rest } as autocannon.Options);
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total, errors: r.errors + r.non2xx, timeouts: r.timeouts };
}

/** Waits until the server answers /health at once again, so a slow scenario's backlog is not billed to the next. */
async function settle(url: string): Promise<void> {
  for (let quick = 0, tries = 0; quick < 3 && tries < 600; tries++) {
    const t = Date.now();
    await fetch(`${url}/health`).then((r) => r.arrayBuffer());
    quick = Date.now() - t < 50 ? quick + 1 : 0;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The server's CPU time so far (ms; user + system, from /proc: Linux only, else undefined).
 * Per request it is the figure that holds on a machine others load too: it counts only what
 * the server itself spent, not the time it waited for a core.
 */
function serverCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // from field 3 (state) on
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS; // utime, stime
  } catch {
    return undefined;
  }
}
const CLOCK_TICKS = 100; // USER_HZ, 100 on every Linux build that matters

function print(f: Figures, health: number, cpuUs: number | undefined) {
  const ratio = health ? f.rps / health : 0;
  const cpu = cpuUs === undefined ? '' : `  cpu ${cpuUs.toFixed(0).padStart(5)} µs/req`;
  console.log(`${f.name.padEnd(16)} ${f.rps.toFixed(0).padStart(7)} req/s  p50 ${String(f.p50).padStart(5)} ms  p99 ${String(f.p99).padStart(5)} ms  errors ${String(f.errors).padStart(4)} timeouts ${String(f.timeouts).padStart(4)} of ${String(f.requests).padStart(7)}  ${(ratio * 100).toFixed(0).padStart(4)}% of /health${cpu}`);
}

async function main() {
  const seconds = Number(opt.seconds);
  const connections = Number(opt.connections);
  const only = opt.only?.split(',');
  const profDir = opt['cpu-prof'] && path.resolve(opt['cpu-prof']);
  if (profDir) mkdirSync(profDir, { recursive: true });
  console.log(`starting a server (temp data dir, digitisation off: receptions only queue) ...`);
  const instance: Instance = await startInstance({ ocrWorkers: 0, nodeArgs: profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [] });
  const stop = () => void instance.stop().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const t = Date.now();
    const seeded = seedDossiers(path.join(instance.dataDir, 'taicho.sqlite'), Number(opt.dossiers), AGENCY);
    console.log(`seeded ${seeded.codes.length} dossiers in ${Date.now() - t} ms: ${JSON.stringify(seeded.byStatus)}`);
    const tokens = { specialist: await login(instance.url, 'specialist'), reception: await login(instance.url, 'reception') };
    const png = await sharp({ create: { width: 320, height: 200, channels: 3, background: '#fff' } }).png().toBuffer();
    const users = seedUsers(path.join(instance.dataDir, 'taicho.sqlite'), connections);
    const ctx: Context = { url: instance.url, codes: seeded.codes, users, tokens, png };
    console.log(`${connections} connections, ${seconds} s each (after a 2 s warm-up), driven by ${opt.generator === 'wrk' ? 'wrk (1 thread)' : 'autocannon'}\n`);
    let health = 0;
    for (const s of SCENARIOS) {
      if (only && s.name !== 'health' && !only.includes(s.name)) continue;
      if (!(await drive(s, ctx, 2, connections))) { // warm-up: JIT, caches, connections
        console.log(`${s.name.padEnd(16)} (not a plain GET: autocannon only)`);
        continue;
      }
      await settle(instance.url);
      const cpuBefore = serverCpuMs(instance.pid);
      const f = (await drive(s, ctx, Math.max(seconds, s.minSeconds ?? 0), connections))!;
      const cpuAfter = serverCpuMs(instance.pid);
      await settle(instance.url);
      if (s.name === 'health') health = f.rps;
      print(f, health, cpuBefore === undefined || cpuAfter === undefined || !f.requests ? undefined : ((cpuAfter - cpuBefore) * 1000) / f.requests);
    }
  } finally {
    await instance.stop();
    if (profDir) console.log(`\nCPU profile of the server in ${profDir} (open in Chrome DevTools, or summarise with bench/load/profile-top.ts)`);
  }
}

await main();
