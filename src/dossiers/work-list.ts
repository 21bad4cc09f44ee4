import { asc, count, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { AuthUser, Role } from '../auth/roles';
import type { Db } from '../db/client';
import { prepared } from '../db/prepared';
import { dossiers, procedures } from '../db/schema';
import { STATUS_LABELS, STATUSES, type Status } from './state-machine';

/**
 * What each role has to act on (hàng đợi công việc). Reception: supplements to take and results
 * to hand back; the others the status their step starts from. Auditors and admins follow every
 * dossier still open. The statuses come from the state machine's rules, so a new rule shows up
 * in the right queue.
 */
export const QUEUES: Record<Role, readonly Status[]> = {
  reception: ['supplement_requested', 'sealed', 'rejected'],
  specialist: ['received'],
  leader: ['appraised'],
  clerk: ['approved'],
  auditor: ['received', 'supplement_requested', 'appraised', 'approved', 'sealed', 'rejected'],
  admin: ['received', 'supplement_requested', 'appraised', 'approved', 'sealed', 'rejected'],
};

export interface WorkListQuery {
  /** One status of the role's queue (default: all of them). */
  status?: string;
  page: number;
  pageSize: number;
}

export interface WorkItem {
  code: string;
  status: Status;
  statusLabel: string;
  procedureCode: string;
  procedureName: string;
  applicantName: string;
  receivedAt: number;
  dueAt: number;
  /** Past its due time while the clock runs (not paused for a supplement, not yet resolved). */
  overdue: boolean;
}

const columns = {
  code: dossiers.code,
  status: dossiers.status,
  procedureCode: dossiers.procedureCode,
  procedureName: procedures.name,
  applicantName: dossiers.applicantName,
  receivedAt: dossiers.receivedAt,
  dueAt: dossiers.dueAt,
  clockPausedAt: dossiers.clockPausedAt,
  resolvedAt: dossiers.resolvedAt,
};

/** Quá hạn: past the due time while the clock runs (not stopped for a supplement, not yet decided). */
export function isOverdue(d: { dueAt: number; clockPausedAt: number | null; resolvedAt: number | null }, now: number): boolean {
  return d.clockPausedAt === null && d.resolvedAt === null && now > d.dueAt;
}

function toItem(r: { [K in keyof typeof columns]: unknown }, now: number): WorkItem {
  const status = r.status as Status;
  return {
    code: r.code as string,
    status,
    statusLabel: STATUS_LABELS[status],
    procedureCode: r.procedureCode as string,
    procedureName: r.procedureName as string,
    applicantName: r.applicantName as string,
    receivedAt: r.receivedAt as number,
    dueAt: r.dueAt as number,
    overdue: isOverdue(r as { dueAt: number; clockPausedAt: number | null; resolvedAt: number | null }, now),
  };
}

/** The count and the page of one set of statuses, prepared once (a role's queue, or one status of it). */
function queueQueries(db: Db, statuses: Status[]) {
  return prepared(db, `work-list:${statuses.join(',')}`, () => {
    const where = inArray(dossiers.status, statuses.length ? statuses : ['—']);
    return {
      total: db.select({ n: count() }).from(dossiers).where(where).prepare(),
      page: db
        .select(columns)
        .from(dossiers)
        .innerJoin(procedures, eq(procedures.code, dossiers.procedureCode))
        .where(where)
        .orderBy(asc(dossiers.dueAt), asc(dossiers.code))
        .limit(sql.placeholder('limit'))
        .offset(sql.placeholder('offset'))
        .prepare(),
    };
  });
}

/** The actor's queue, oldest due first, a page at a time. */
export function workList(db: Db, actor: AuthUser, q: WorkListQuery, now: number) {
  const queue = QUEUES[actor.role];
  const statuses = q.status ? queue.filter((s) => s === q.status) : [...queue];
  const queries = queueQueries(db, statuses);
  const total = queries.total.get()?.n ?? 0;
  const rows = queries.page.all({ limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { queue, items: rows.map((r) => toItem(r, now)), total, page: q.page, pageSize: q.pageSize };
}

/** Every dossier, or those in one status, newest first (the staff list): prepared once for each form. */
export function listDossiers(db: Db, q: { status?: string; limit: number }) {
  const query = prepared(db, `dossier-list:${q.status ? 'status' : 'all'}`, () =>
    db
      .select({ code: dossiers.code, status: dossiers.status, procedureCode: dossiers.procedureCode, applicantName: dossiers.applicantName, receivedAt: dossiers.receivedAt, dueAt: dossiers.dueAt })
      .from(dossiers)
      .where(q.status ? eq(dossiers.status, sql.placeholder('status')) : undefined)
      .orderBy(desc(dossiers.receivedAt))
      .limit(sql.placeholder('limit'))
      .prepare(),
  );
  return query.all({ status: q.status, limit: q.limit });
}

/**
 * Finds dossiers by code (whole or a part of it) or applicant name. Names are matched on their
 * NFC form, case-insensitively for Vietnamese letters too (SQLite's LIKE folds ASCII only).
 */
export function findDossiers(db: Db, text: string, now: number, limit = 50): WorkItem[] {
  const q = text.normalize('NFC').trim();
  if (!q) return [];
  // SQLite's lower() folds ASCII only: a non-ASCII letter matches any one character here,
  // and the exact Vietnamese case-folding is checked below in JS.
  const pattern = `%${q.toLowerCase().replace(/[%_\\]/g, (m) => `\\${m}`).replace(/[^\x00-\x7f]/g, '_')}%`;
  const query = prepared(db, 'dossier-find', () =>
    db
      .select(columns)
      .from(dossiers)
      .innerJoin(procedures, eq(procedures.code, dossiers.procedureCode))
      .where(or(sql`${dossiers.code} like ${sql.placeholder('pattern')} escape '\\'`, sql`lower(${dossiers.applicantName}) like ${sql.placeholder('pattern')} escape '\\'`))
      .orderBy(asc(dossiers.dueAt))
      .limit(sql.placeholder('limit'))
      .prepare(),
  );
  const rows = query.all({ pattern, limit: limit * 4 });
  const needle = q.toLocaleLowerCase('vi');
  return rows
    .filter((r) => (r.code as string).toLowerCase().includes(q.toLowerCase()) || (r.applicantName as string).toLocaleLowerCase('vi').includes(needle))
    .slice(0, limit)
    .map((r) => toItem(r, now));
}

export const isStatus = (s: string): s is Status => (STATUSES as readonly string[]).includes(s);

/**
 * The last moment a list of items stays as it is with time alone: until the first item not yet
 * overdue passes its due time (a paused one counts too: early, never late). `now`: the moment
 * the items' `overdue` was computed for.
 */
export function overdueHoldsUntil(items: readonly Pick<WorkItem, 'overdue' | 'dueAt'>[], now: number): number {
  let until = Number.POSITIVE_INFINITY;
  for (const i of items) if (!i.overdue && i.dueAt >= now && i.dueAt < until) until = i.dueAt;
  return until;
}
