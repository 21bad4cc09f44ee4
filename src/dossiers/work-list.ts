import type { AuthUser, Role } from '../auth/roles';
import type { DossierLists, WorkRow } from './store';
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

/** Quá hạn: past the due time while the clock runs (not stopped for a supplement, not yet decided). */
export function isOverdue(d: { dueAt: number; clockPausedAt: number | null; resolvedAt: number | null }, now: number): boolean {
  return d.clockPausedAt === null && d.resolvedAt === null && now > d.dueAt;
}

function toItem(r: WorkRow, now: number): WorkItem {
  const status = r.status as Status;
  return {
    code: r.code,
    status,
    statusLabel: STATUS_LABELS[status],
    procedureCode: r.procedureCode,
    procedureName: r.procedureName,
    applicantName: r.applicantName,
    receivedAt: r.receivedAt,
    dueAt: r.dueAt,
    overdue: isOverdue(r, now),
  };
}

/** The actor's queue, oldest due first, a page at a time. */
export async function workList(lists: DossierLists, actor: AuthUser, q: WorkListQuery, now: number) {
  const queue = QUEUES[actor.role];
  const statuses = q.status ? queue.filter((s) => s === q.status) : [...queue];
  const { total, rows } = await lists.queue(statuses, (q.page - 1) * q.pageSize, q.pageSize);
  return { queue, items: rows.map((r) => toItem(r, now)), total, page: q.page, pageSize: q.pageSize };
}

/** Every dossier, or those in one status, newest first (the staff list). */
export const listDossiers = (lists: DossierLists, q: { status?: string; limit: number }) => lists.recent(q.status, q.limit);

/**
 * Finds dossiers by code (whole or a part of it) or applicant name. Names are matched on their
 * NFC form, case-insensitively for Vietnamese letters too (a database's own folding may not be).
 */
export async function findDossiers(lists: DossierLists, text: string, now: number, limit = 50): Promise<WorkItem[]> {
  const q = text.normalize('NFC').trim();
  if (!q) return [];
  const rows = await lists.candidates(q, limit * 4);
  const needle = q.toLocaleLowerCase('vi');
  return rows
    .filter((r) => r.code.toLowerCase().includes(q.toLowerCase()) || r.applicantName.toLocaleLowerCase('vi').includes(needle))
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
