import type { DocumentCounts, Pair, ReceptionCounts, ResolvedDossier, StatsReader } from './stats-ports';
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
 * Counting is done by the database (GROUP BY procedure and agency, through the StatsReader
 * port of ./stats-ports.ts); only the dossiers resolved in the window come back one by one, as
 * their working days need the calendar. Each figure is computed once per (procedure, agency)
 * pair and summed into its three groups.
 */
export async function computeStats(reader: StatsReader, clock: WorkingClock, window: StatsWindow, now: number) {
  const asOf = Math.min(window.to, now);
  const [counts, resolved, docs, times] = await Promise.all([reader.receptions(window, asOf), reader.resolved(window), reader.documents(window), reader.times(window)]);
  const groups = new Groups();
  for (const row of counts) groups.of(row).forEach((t) => t.addCounts(row));
  for (const row of resolved) {
    const r = resolution(row, clock);
    groups.of(row).forEach((t) => t.addResolved(r));
  }
  for (const row of docs) groups.of(row).forEach((t) => t.addDocuments(row));
  /** Received and resolved per day (per month over ~3 months), every period of the window listed. */
  const overTime = seriesOver(times, window);
  return { from: window.from, to: window.to, asOf, ...groups.buckets(), overTime };
}

type Resolution = { mark: 'early' | 'on_time' | 'late'; workingDays: number; sealed: boolean; signed: boolean };

function resolution(r: ResolvedDossier, clock: WorkingClock): Resolution {
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

  addCounts(c: ReceptionCounts): void {
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

  addDocuments(d: DocumentCounts): void {
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
