import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from './client';
import { checkInvariants, leftoverTempFiles, type CheckContext } from './invariants';
import { seededRng } from './rng';
import { initPki, startServer, type RunningServer } from './server';
import { newLedger, runWorkload, warmUp, type Ledger } from './workload';

export interface CrashOptions {
  rounds: number;
  seed: number;
  /** The checkout whose `src/main.ts` is run. */
  root: string;
  /** Earliest and latest kill, in ms after the round's load starts. */
  killAfterMs?: [number, number];
  ocrWorkers?: number;
  /** Reception actors sending dossiers at once (each adds digitisation work for the restart). */
  receivers?: number;
  /** How long the restarted server may go without finishing anything queued before it counts as stuck. */
  drainMs?: number;
  keepData?: boolean;
  /** Before the first kill, take one dossier through to the seal and certify a copy, so every run has signed results to check. */
  warmUp?: boolean;
  /** Make the development PKI with this algorithm before the first start (default: the server makes its RSA one). */
  keyAlgorithm?: 'ECDSA-P256' | 'RSA-3072';
  log?: (line: string) => void;
}

export interface CrashSummary {
  seed: number;
  rounds: number;
  kills: number;
  /** Rounds after which every invariant held. */
  roundsHeld: number;
  violations: { round: number; problems: string[] }[];
  dossiers: number;
  documents: number;
  signatures: number;
  /** Temp files the last kill left (the rounds' restarts removed theirs). */
  tempFiles: number;
  answers: Ledger['answers'];
  dataDir: string;
}

const PASSWORD = 'crash-test-mật-khẩu';
const PIN = '246810';

/**
 * Issue 10's crash harness: the real server under a concurrent load (receptions, digitisation,
 * appraisal, approval, seal, return, certified copies), SIGKILLed at a seeded random moment,
 * started again on the same data, allowed to finish what was queued, then checked.
 */
export async function runCrashTest(o: CrashOptions): Promise<CrashSummary> {
  const log = o.log ?? (() => {});
  // Kill times from a generator of their own: the workload draws as many numbers as its timing
  // allows, and must not shift the kills of later rounds when a failing seed is replayed.
  const killRng = seededRng(o.seed);
  const rng = seededRng(o.seed ^ 0x5bd1e995);
  const [earliest, latest] = o.killAfterMs ?? [500, 6000];
  const dataDir = mkdtempSync(path.join(tmpdir(), 'taicho-crash-'));
  const serverOptions = { root: o.root, dataDir, password: PASSWORD, pin: PIN, ocrWorkers: o.ocrWorkers ?? 1 };
  const ledger = newLedger();
  const summary: CrashSummary = { seed: o.seed, rounds: 0, kills: 0, roundsHeld: 0, violations: [], dossiers: 0, documents: 0, signatures: 0, tempFiles: 0, answers: ledger.answers, dataDir };
  let t = Date.now();
  if (o.keyAlgorithm) initPki(serverOptions, o.keyAlgorithm);
  let server: RunningServer = await startServer(serverOptions);
  log(`first start (demo users, PKI): ${Date.now() - t} ms`);
  const client = new Client(server.base, PASSWORD);
  const db = new Database(path.join(dataDir, 'taicho.sqlite'));
  db.pragma('busy_timeout = 5000');
  const check: CheckContext = { db, dataDir, client, ledger, seen: { pages: new Map(), signatures: new Map() } };
  try {
    if (o.warmUp) {
      t = Date.now();
      await warmUp(client, PIN, ledger);
      log(`warm-up (one dossier received, digitised, approved, sealed, a copy certified): ${Date.now() - t} ms`);
    }
    for (let round = 1; round <= o.rounds; round++) {
      let stopped = false;
      const load = runWorkload({ client, db, rng, pin: PIN, ledger, round, stopped: () => stopped }, o.receivers ?? 2);
      const killAt = Math.round(earliest + killRng() * (latest - earliest));
      await new Promise((r) => setTimeout(r, killAt));
      const how = await server.kill();
      summary.kills++;
      stopped = true;
      await load;
      t = Date.now();
      server = await startServer(serverOptions);
      client.moveTo(server.base);
      const restartMs = Date.now() - t;
      await drain(db, o.drainMs ?? 90_000);
      const drainMs = Date.now() - t - restartMs;
      const problems = await checkInvariants(check);
      const checkMs = Date.now() - t - restartMs - drainMs;
      summary.rounds = round;
      if (problems.length) summary.violations.push({ round, problems });
      else summary.roundsHeld++;
      log(`round ${round}: killed (${how}) after ${killAt} ms; restart ${restartMs} ms, queue drained in ${drainMs} ms, checked in ${checkMs} ms; ${problems.length ? `${problems.length} VIOLATIONS:\n  ${problems.join('\n  ')}` : 'every invariant held'}`);
    }
  } finally {
    const counts = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    summary.dossiers = counts('SELECT count(*) AS n FROM dossiers');
    summary.documents = counts('SELECT count(*) AS n FROM documents');
    summary.signatures = counts('SELECT count(*) AS n FROM signatures');
    db.close();
    await server.kill();
    summary.tempFiles = leftoverTempFiles(dataDir);
    if (!o.keepData) rmSync(dataDir, { recursive: true, force: true });
  }
  return summary;
}

/**
 * Waits until the restarted server has taken up and finished every queued document. Stuck means
 * no progress: nothing finished for `quietMs` while work remains (a slow, loaded machine is
 * not stuck). The check then names what is left.
 */
async function drain(db: Database.Database, quietMs: number): Promise<void> {
  const state = () =>
    db.prepare("SELECT (SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')) + (SELECT count(*) FROM documents WHERE status IN ('queued', 'processing')) AS busy, (SELECT count(*) FROM jobs WHERE status IN ('done', 'failed')) + (SELECT coalesce(sum(pages_done), 0) FROM documents) AS progress").get() as { busy: number; progress: number };
  let last = state();
  let lastMoved = Date.now();
  while (last.busy > 0 && Date.now() - lastMoved < quietMs) {
    await new Promise((r) => setTimeout(r, 250));
    const now = state();
    if (now.progress !== last.progress) lastMoved = Date.now();
    last = now;
  }
}
