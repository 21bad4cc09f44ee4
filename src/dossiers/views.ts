import type { Role } from '../auth/roles';
import type { Procedure } from '../procedures/procedures';
import { dayOf } from '../calendar/dates';
import { PORTAL_STATUS, RULES, STATUS_LABELS, type Action, type Status } from './state-machine';
import { resultAvailable } from './citizen-result';
import type { DocumentRecord, TransitionRecord } from './records';
import type { DossierReads } from './store';
import { getDossier, type DossierRow } from './workflow';

export type Timeliness = 'early' | 'on_time' | 'late';

/** Early: done on a day before the due day; on time: by the due moment; late: after it. */
export function timeliness(doneAt: number, dueAt: number): Timeliness {
  if (doneAt > dueAt) return 'late';
  return dayOf(doneAt) < dayOf(dueAt) ? 'early' : 'on_time'; // local days as numbers: no string per call
}

export interface HandOff {
  at: number;
  action: string;
  label: string;
  from: string | null;
  to: string;
  actor: { username: string; displayName: string; role: string } | null;
  note: string | null;
  data: Record<string, unknown> | null;
  mark: Timeliness;
}

/** A dossier with its hand-offs and documents, read together (what every view of it shows). */
export interface DossierCase {
  row: DossierRow;
  handOffs: HandOff[];
  documents: ReturnType<typeof documentView>[];
}

export async function loadCase(reads: DossierReads, code: string): Promise<DossierCase> {
  const row = await getDossier(reads, code);
  const [steps, docs] = [await reads.transitions.of(code), await reads.documents.of(code)];
  return { row, handOffs: steps.map(handOff), documents: docs.map(documentView) };
}

/**
 * What the citizen's view shows: the dossier and its hand-offs, without the documents (a
 * lookup that is not kept yet — a first visit — reads two rows' worth, not three).
 */
export async function loadHistory(reads: DossierReads, code: string): Promise<Pick<DossierCase, 'row' | 'handOffs'>> {
  const row = await getDossier(reads, code);
  return { row, handOffs: (await reads.transitions.of(code)).map(handOff) };
}

/** A hand-off as the process-control slip shows it. */
function handOff(t: TransitionRecord): HandOff {
  return {
    at: t.at,
    action: t.action,
    label: t.action === 'receive' ? 'Tiếp nhận hồ sơ' : t.action === 'apology' ? 'Xin lỗi, hẹn lại ngày trả kết quả' : RULES[t.action as Action]?.label ?? t.action,
    from: t.fromStatus,
    to: t.toStatus,
    actor: t.actor,
    note: t.note,
    data: t.data,
    mark: timeliness(t.at, t.dueAt ?? Number.MAX_SAFE_INTEGER),
  };
}

function documentView(d: DocumentRecord) {
  return {
    id: d.id,
    name: d.name,
    kind: d.kind,
    copies: d.copies,
    mime: d.mime,
    size: d.size,
    status: d.status,
    pagesDone: d.pagesDone,
    pageCount: d.pageCount,
    error: d.error,
    searchable: d.pdfBlob !== null,
    reusedFrom: d.reusedFrom,
  };
}

/** The appointment currently promised: a later apology letter may have set a new one. */
export function appointmentAt(row: DossierRow, handOffs: HandOff[]): number {
  const apology = [...handOffs].reverse().find((h) => h.action === 'apology');
  return (apology?.data?.newAppointmentAt as number | undefined) ?? row.dueAt;
}

/** Auditors and admins check the process, not the person: they see identity data masked. */
const FULL_PERSONAL_DATA: readonly Role[] = ['reception', 'specialist', 'leader', 'clerk'];

export const seesPersonalData = (role: Role): boolean => FULL_PERSONAL_DATA.includes(role);

function mask(s: string, keepStart: number, keepEnd: number): string {
  return s.length <= keepStart + keepEnd ? '*'.repeat(s.length) : s.slice(0, keepStart) + '*'.repeat(s.length - keepStart - keepEnd) + s.slice(-keepEnd);
}

/** ID, phone and address as `role` may see them (masked for auditors and admins): JSON and slips alike. */
export function applicantContact(row: DossierRow, role: Role): { id: string; phone: string; address: string | null } {
  if (seesPersonalData(role)) return { id: row.applicantId, phone: row.applicantPhone, address: row.applicantAddress };
  return { id: mask(row.applicantId, 3, 2), phone: mask(row.applicantPhone, 3, 2), address: row.applicantAddress ? '***' : null };
}

export function staffView({ row, handOffs, documents }: DossierCase, procedure: Procedure, role: Role) {
  const full = seesPersonalData(role);
  const status = row.status as Status;
  return {
    code: row.code,
    agencyCode: row.agencyCode,
    status,
    statusLabel: STATUS_LABELS[status],
    portalStatus: PORTAL_STATUS[status],
    procedure: { code: procedure.code, name: procedure.name, processingDays: procedure.processingDays, feeVnd: procedure.feeVnd },
    applicant: { name: row.applicantName, ...applicantContact(row, role) },
    personalDataMasked: !full,
    channel: row.channel,
    receivedAt: row.receivedAt,
    dueAt: row.dueAt,
    appointmentAt: appointmentAt(row, handOffs),
    clockPausedAt: row.clockPausedAt,
    supplementCount: row.supplementCount,
    resolvedAt: row.resolvedAt,
    returnedAt: row.returnedAt,
    rating: row.rating,
    hasResult: row.resultBlob !== null,
    documents,
    history: handOffs,
  };
}

/** What anyone holding the slip's code may see: no ID number, phone or address. */
export function publicView({ row, handOffs }: Pick<DossierCase, 'row' | 'handOffs'>, procedure: Procedure) {
  const status = row.status as Status;
  return {
    code: row.code,
    procedure: procedure.name,
    status,
    statusLabel: STATUS_LABELS[status],
    portalStatus: PORTAL_STATUS[status].code,
    receivedAt: row.receivedAt,
    dueAt: row.dueAt,
    appointmentAt: appointmentAt(row, handOffs),
    resultReady: resultAvailable(row), // exactly when the citizen's download serves it
    /** The steps done, oldest first: what and when, never who or any note (they may name people). */
    steps: handOffs.map((h) => ({ at: h.at, label: h.label, status: h.to })),
  };
}
