/**
 * `npm run bench -- soak [--minutes 10]`: a seeded instance with digitisation running, fed
 * receptions with a scanned page at a steady rate, under a light read load (the citizen's
 * lookup and a work list); the server's memory (RSS, and heap after a GC) at the start, every
 * minute and at the end, with the growth over the second half: a leak keeps growing there,
 * a level memory does not.
 *
 *   npx tsx bench/soak.ts [--minutes 10] [--every 15] [--ocr-workers 1] [--dossiers 5000]
 */
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AGENCY, login, startInstance, type Instance } from './load/instance';
import { seedDossiers } from './load/seed';

const { values: opt } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    every: { type: 'string', default: '15' },
    'ocr-workers': { type: 'string', default: '1' },
    dossiers: { type: 'string', default: '5000' },
    'read-rate': { type: 'string', default: '40' },
  },
});

const SCAN = readFileSync(fileURLToPath(new URL('../samples/bao-cao-trang-1.png', import.meta.url)));
const MiB = (n: number) => (n / 1048576).toFixed(1).padStart(7);

interface Sample {
  minute: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  received: number;
  digitised: number;
  queued: number;
}

async function receive(url: string, token: string, i: number): Promise<boolean> {
  const form = new FormData();
  form.set('procedureCode', '1.001193');
  form.set('applicantName', 'Nguyễn Thị Ánh Tuyết');
  form.set('applicantId', `0010850${String(90000 + i).padStart(5, '0')}`);
  form.set('applicantPhone', '0912345678');
  form.set('channel', 'direct');
  form.set('files', new Blob([SCAN], { type: 'image/png' }), 'bao-cao-trang-1.png');
  const r = await fetch(`${url}/api/v1/dossiers`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  await r.arrayBuffer();
  return r.status === 201;
}

/** Documents received during the soak (not the seeded ones), by digitisation status. */
function documentCounts(dataDir: string): { received: number; digitised: number; queued: number } {
  const db = new Database(path.join(dataDir, 'taicho.sqlite'), { readonly: true });
  db.pragma('busy_timeout = 5000');
  try {
    const rows = db.prepare("SELECT status, count(*) AS n FROM documents WHERE id NOT LIKE 'seed-%' GROUP BY status").all() as Array<{ status: string; n: number }>;
    const n = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
    return { received: rows.reduce((a, r) => a + r.n, 0), digitised: n('done'), queued: n('queued') + n('processing') };
  } finally {
    db.close();
  }
}

async function sample(instance: Instance, minute: number): Promise<Sample> {
  const m = await instance.memory();
  return { minute, rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, ...documentCounts(instance.dataDir) };
}

function print(s: Sample) {
  console.log(
    `${String(s.minute).padStart(3)} min  rss ${MiB(s.rss)} MiB  heap used ${MiB(s.heapUsed)} of ${MiB(s.heapTotal)} MiB  external ${MiB(s.external)} MiB  ` +
      `documents received ${String(s.received).padStart(4)}, digitised ${String(s.digitised).padStart(4)}, waiting ${String(s.queued).padStart(3)}`,
  );
}

async function main() {
  const minutes = Number(opt.minutes);
  const everyMs = Number(opt.every) * 1000;
  console.log(`starting a server with ${opt['ocr-workers']} OCR thread(s); a reception with one scan every ${opt.every} s, ${opt['read-rate']} reads/s, for ${minutes} min`);
  const instance = await startInstance({ ocrWorkers: Number(opt['ocr-workers']), nodeArgs: ['--expose-gc'] });
  const stop = () => void instance.stop().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const { codes } = seedDossiers(path.join(instance.dataDir, 'taicho.sqlite'), Number(opt.dossiers), AGENCY);
    const reception = await login(instance.url, 'reception');
    const specialist = await login(instance.url, 'specialist');
    const samples = [await sample(instance, 0)];
    print(samples[0]!);
    const endAt = Date.now() + minutes * 60_000;
    // Light reads, all the way through: half the citizen's lookup, half the specialist's queue.
    const reads = autocannon({
      url: instance.url,
      connections: 4,
      overallRate: Number(opt['read-rate']),
      duration: minutes * 60,
      requests: [
        { setupRequest: (r) => ({ ...r, path: `/api/v1/public/dossiers/${codes[Math.floor(Math.random() * codes.length)]}` }) },
        { path: '/api/v1/work-list', headers: { authorization: `Bearer ${specialist}` } },
      ],
    });
    let sent = 0;
    let refused = 0;
    const feeder = setInterval(() => void receive(instance.url, reception, sent++).then((ok) => ok || refused++, () => refused++), everyMs);
    for (let minute = 1; Date.now() < endAt; minute++) {
      await new Promise((r) => setTimeout(r, Math.min(60_000, endAt - Date.now())));
      const s = await sample(instance, minute);
      samples.push(s);
      print(s);
    }
    clearInterval(feeder);
    const r = await reads;
    console.log(`\nreads: ${r.requests.total} (${r.requests.average.toFixed(0)}/s), p99 ${r.latency.p99} ms, errors ${r.errors + r.timeouts + r.non2xx}; receptions sent ${sent}, refused ${refused}`);
    summarise(samples);
  } finally {
    await instance.stop();
  }
}

/** Start, end, and the growth over the second half (after warm-up and the first queue of work). */
function summarise(samples: Sample[]) {
  const first = samples[0]!;
  const last = samples.at(-1)!;
  const mid = samples[Math.floor(samples.length / 2)]!;
  console.log(`rss  ${MiB(first.rss)} → ${MiB(last.rss)} MiB (second half: ${signed(last.rss - mid.rss)} MiB)`);
  console.log(`heap ${MiB(first.heapUsed)} → ${MiB(last.heapUsed)} MiB (second half: ${signed(last.heapUsed - mid.heapUsed)} MiB)`);
}

const signed = (n: number) => `${n >= 0 ? '+' : ''}${(n / 1048576).toFixed(1)}`;

await main();
