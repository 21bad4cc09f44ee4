import { and, gte, lt } from 'drizzle-orm';
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
 */
export function computeStats(db: Db, clock: WorkingClock, window: StatsWindow, now: number) {
  const asOf = Math.min(window.to, now);
  const all = db.select().from(dossiers).where(lt(dossiers.receivedAt, window.to)).all();
  const docs = db.select().from(documents).where(and(gte(documents.createdAt, window.from), lt(documents.createdAt, window.to))).all();
  const signedCodes = new Set(db.select({ code: signatures.dossierCode }).from(signatures).all().map((s) => s.code));

  const groups = new Map<string, typeof all>();
  const add = (key: string, row: (typeof all)[number]) => groups.set(key, [...(groups.get(key) ?? []), row]);
  for (const row of all) {
    add('all', row);
    add(`procedure:${row.procedureCode}`, row);
    add(`agency:${row.agencyCode}`, row);
  }
  const docsOf = (codes: Set<string>) => docs.filter((d) => codes.has(d.dossierCode));
  const bucket = (rows: typeof all): Bucket => summarise(rows, docsOf(new Set(rows.map((r) => r.code))), signedCodes, clock, window, asOf);

  const byPrefix = (prefix: string) =>
    Object.fromEntries([...groups].filter(([k]) => k.startsWith(prefix)).map(([k, rows]) => [k.slice(prefix.length), bucket(rows)]));
  return {
    from: window.from,
    to: window.to,
    asOf,
    total: bucket(groups.get('all') ?? []),
    byProcedure: byPrefix('procedure:'),
    byAgency: byPrefix('agency:'),
    /** Received and resolved per day (per month over ~3 months), every period of the window listed. */
    overTime: seriesOver(all, window),
  };
}

function summarise(rows: (typeof dossiers.$inferSelect)[], docs: (typeof documents.$inferSelect)[], signed: Set<string>, clock: WorkingClock, w: StatsWindow, asOf: number): Bucket {
  const receivedIn = rows.filter((r) => r.receivedAt >= w.from);
  const resolvedIn = rows.filter((r) => r.resolvedAt !== null && r.resolvedAt >= w.from && r.resolvedAt < w.to);
  const marks = resolvedIn.map((r) => (r.supplementCount > 1 ? 'late' : timeliness(r.resolvedAt!, r.dueAt)));
  const open = rows.filter((r) => !['withdrawn'].includes(r.status) && (r.resolvedAt === null || r.resolvedAt >= asOf));
  const sealed = resolvedIn.filter((r) => r.status === 'sealed' || (r.status === 'returned' && r.resultBlob !== null));
  const durations = resolvedIn.map((r) => clock.workingMsBetween(r.receivedAt, r.resolvedAt!) / WORKING_DAY_MS);
  const digitised = docs.filter((d) => d.status === 'done').length;
  return {
    received: {
      total: receivedIn.length,
      direct: receivedIn.filter((r) => r.channel === 'direct').length,
      online: receivedIn.filter((r) => r.channel === 'online').length,
      post: receivedIn.filter((r) => r.channel === 'post').length,
    },
    resolved: {
      total: resolvedIn.length,
      early: marks.filter((m) => m === 'early').length,
      onTime: marks.filter((m) => m === 'on_time').length,
      late: marks.filter((m) => m === 'late').length,
    },
    inProgress: open.length,
    overdue: open.filter((r) => r.clockPausedAt === null && r.dueAt < asOf).length,
    averageWorkingDays: durations.length ? round(durations.reduce((a, b) => a + b, 0) / durations.length) : null,
    documents: { total: docs.length, digitised, reused: docs.filter((d) => d.reusedFrom !== null).length, digitisedShare: share(digitised, docs.length) },
    signedElectronicallyShare: share(sealed.filter((r) => signed.has(r.code)).length, sealed.length),
  };
}

const round = (x: number) => Math.round(x * 100) / 100;
const share = (n: number, d: number) => (d === 0 ? 0 : round(n / d));
