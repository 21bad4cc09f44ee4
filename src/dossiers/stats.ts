import { and, gte, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { documents, dossiers, signatures } from '../db/schema';
import type { WorkingClock } from './ports';
import { seriesOver } from './stats-series';
import { timeliness } from './views';

export interface StatsWindow {
  from: number;
  to: number;
}

interface Bucket {
  received: { total: number; direct: number; online: number; post: number };
  resolved: { total: number; early: number; onTime: number; late: number };
  inProgress: number;
  overdue: number;
  averageWorkingDays: number | null;
  documents: { total: number; digitised: number; reused: number; digitisedShare: number };
  signedElectronicallyShare: number;
}

const WORKING_DAY_MS = 8 * 3600_000;

/**
 * The figures one-stop reports and the national service indicators quote, for dossiers
 * received in [from, to) (reception counts) and resolved in [from, to) (timeliness):
 * - resolved = a decision was issued (sealed result or rejection);
 * - late = resolved after the due date, or more than one supplement was requested
 *   (the rules count repeated supplement requests against the agency);
 * - in progress / overdue as of `to` (or now, if earlier);
 * - overTime: received and resolved per day or month, for charts.
 *
 * Counting is done by SQLite (GROUP BY procedure and agency); only the dossiers resolved in
 * the window come back one by one, as their working days need the calendar. Each figure is
 * computed once per (procedure, agency) pair and summed into its three groups.
 */
export function computeStats(db: Db, clock: WorkingClock, window: StatsWindow, now: number) {
  const asOf = Math.min(window.to, now);
  const groups = new Groups();
  for (const row of countRows(db, window, asOf)) groups.of(row).forEach((t) => t.addCounts(row));
  for (const row of resolvedRows(db, window)) {
    const r = resolution(row, clock);
    groups.of(row).forEach((t) => t.addResolved(r));
  }
  for (const row of documentRows(db, window)) groups.of(row).forEach((t) => t.addDocuments(row));
  /** Received and resolved per day (per month over ~3 months), every period of the window listed. */
  const overTime = seriesOver(timeRows(db, window), window);
  return { from: window.from, to: window.to, asOf, ...groups.buckets(), overTime };
}

type Pair = { procedureCode: string; agencyCode: string };
type Counts = Pair & { received: number; direct: number; online: number; post: number; open: number; overdue: number };
type Docs = Pair & { total: number; digitised: number; reused: number };

/** Per (procedure, agency): receptions by channel, and dossiers open and overdue as of `asOf`. */
function countRows(db: Db, w: StatsWindow, asOf: number): Counts[] {
  const receivedIn = sql`${dossiers.receivedAt} >= ${w.from}`;
  const open = sql`(${dossiers.status} != 'withdrawn' and (${dossiers.resolvedAt} is null or ${dossiers.resolvedAt} >= ${asOf}))`;
  const count = (cond: ReturnType<typeof sql>) => sql<number>`coalesce(sum(${cond}), 0)`.mapWith(Number);
  return db
    .select({
      procedureCode: dossiers.procedureCode,
      agencyCode: dossiers.agencyCode,
      received: count(receivedIn),
      direct: count(sql`${receivedIn} and ${dossiers.channel} = 'direct'`),
      online: count(sql`${receivedIn} and ${dossiers.channel} = 'online'`),
      post: count(sql`${receivedIn} and ${dossiers.channel} = 'post'`),
      open: count(open),
      overdue: count(sql`${open} and ${dossiers.clockPausedAt} is null and ${dossiers.dueAt} < ${asOf}`),
    })
    .from(dossiers)
    .where(lt(dossiers.receivedAt, w.to))
    .groupBy(dossiers.procedureCode, dossiers.agencyCode)
    .all();
}

/** Dossiers resolved in the window, with whether they carry an electronic signature. */
function resolvedRows(db: Db, w: StatsWindow) {
  return db
    .select({
      procedureCode: dossiers.procedureCode,
      agencyCode: dossiers.agencyCode,
      status: dossiers.status,
      receivedAt: dossiers.receivedAt,
      resolvedAt: sql<number>`${dossiers.resolvedAt}`.mapWith(Number),
      dueAt: dossiers.dueAt,
      supplementCount: dossiers.supplementCount,
      hasResult: sql<number>`${dossiers.resultBlob} is not null`.mapWith(Boolean),
      signed: sql<number>`${inArray(dossiers.code, db.select({ code: signatures.dossierCode }).from(signatures))}`.mapWith(Boolean),
    })
    .from(dossiers)
    .where(and(lt(dossiers.receivedAt, w.to), gte(dossiers.resolvedAt, w.from), lt(dossiers.resolvedAt, w.to)))
    .all();
}

/** When each dossier touching the window was received and resolved: two numbers a row, for the chart. */
function timeRows(db: Db, w: StatsWindow) {
  const inWindow = (col: typeof dossiers.receivedAt | typeof dossiers.resolvedAt) => and(gte(col, w.from), lt(col, w.to));
  return db
    .select({ receivedAt: dossiers.receivedAt, resolvedAt: dossiers.resolvedAt })
    .from(dossiers)
    .where(or(inWindow(dossiers.receivedAt), inWindow(dossiers.resolvedAt)))
    .all();
}

/** Documents created in the window, per (procedure, agency) of their dossier. */
function documentRows(db: Db, w: StatsWindow): Docs[] {
  return db
    .select({
      procedureCode: dossiers.procedureCode,
      agencyCode: dossiers.agencyCode,
      total: sql<number>`count(*)`.mapWith(Number),
      digitised: sql<number>`coalesce(sum(${documents.status} = 'done'), 0)`.mapWith(Number),
      reused: sql<number>`coalesce(sum(${documents.reusedFrom} is not null), 0)`.mapWith(Number),
    })
    .from(documents)
    .innerJoin(dossiers, sql`${dossiers.code} = ${documents.dossierCode}`)
    .where(and(gte(documents.createdAt, w.from), lt(documents.createdAt, w.to), lt(dossiers.receivedAt, w.to)))
    .groupBy(dossiers.procedureCode, dossiers.agencyCode)
    .all();
}

type Resolution = { mark: 'early' | 'on_time' | 'late'; workingDays: number; sealed: boolean; signed: boolean };

function resolution(r: ReturnType<typeof resolvedRows>[number], clock: WorkingClock): Resolution {
  return {
    mark: r.supplementCount > 1 ? 'late' : timeliness(r.resolvedAt, r.dueAt),
    workingDays: clock.workingMsBetween(r.receivedAt, r.resolvedAt) / WORKING_DAY_MS,
    sealed: r.status === 'sealed' || (r.status === 'returned' && r.hasResult),
    signed: r.signed,
  };
}

/** The three groups a dossier counts in: all, its procedure, its agency. */
class Groups {
  private readonly total = new Tally();
  private readonly byProcedure = new Map<string, Tally>();
  private readonly byAgency = new Map<string, Tally>();

  of(p: Pair): Tally[] {
    return [this.total, tallyIn(this.byProcedure, p.procedureCode), tallyIn(this.byAgency, p.agencyCode)];
  }

  buckets() {
    const sorted = (m: Map<string, Tally>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, t]) => [k, t.bucket()]));
    return { total: this.total.bucket(), byProcedure: sorted(this.byProcedure), byAgency: sorted(this.byAgency) };
  }
}

const tallyIn = (m: Map<string, Tally>, key: string) => m.get(key) ?? m.set(key, new Tally()).get(key)!;

/** Running totals of one group, turned into its Bucket at the end. */
class Tally {
  received = { total: 0, direct: 0, online: 0, post: 0 };
  resolved = { total: 0, early: 0, onTime: 0, late: 0 };
  inProgress = 0;
  overdue = 0;
  workingDays = 0;
  docs = { total: 0, digitised: 0, reused: 0 };
  sealed = 0;
  signed = 0;

  addCounts(c: Counts): void {
    this.received.total += c.received;
    this.received.direct += c.direct;
    this.received.online += c.online;
    this.received.post += c.post;
    this.inProgress += c.open;
    this.overdue += c.overdue;
  }

  addResolved(r: Resolution): void {
    this.resolved.total++;
    this.resolved[r.mark === 'on_time' ? 'onTime' : r.mark]++;
    this.workingDays += r.workingDays;
    if (r.sealed) this.sealed++;
    if (r.sealed && r.signed) this.signed++;
  }

  addDocuments(d: Docs): void {
    this.docs.total += d.total;
    this.docs.digitised += d.digitised;
    this.docs.reused += d.reused;
  }

  bucket(): Bucket {
    const resolved = this.resolved.total;
    return {
      received: this.received,
      resolved: this.resolved,
      inProgress: this.inProgress,
      overdue: this.overdue,
      averageWorkingDays: resolved ? round(this.workingDays / resolved) : null,
      documents: { ...this.docs, digitisedShare: share(this.docs.digitised, this.docs.total) },
      signedElectronicallyShare: share(this.signed, this.sealed),
    };
  }
}

const round = (x: number) => Math.round(x * 100) / 100;
const share = (n: number, d: number) => (d === 0 ? 0 : round(n / d));
