import type { AuthUser } from '../auth/roles';
import { appendEntry } from '../audit/audit-log';
import { ConflictError, InvalidInputError, NotFoundError } from '../shared/errors';
import type { DossierDeps } from './ports';
import type { DossierRecord } from './records';
import type { DossierReads, DossierTx } from './store';
import { nextStatus, type Action, type Status } from './state-machine';

export type DossierRow = DossierRecord;

/** The dossier through the ports (inside a transaction: as that transaction sees it). */
export async function getDossier(reads: DossierReads, code: string): Promise<DossierRow> {
  return found(await reads.dossiers.get(code), code);
}

function found(row: DossierRow | undefined, code: string): DossierRow {
  if (!row) throw new NotFoundError('dossier_not_found', `No dossier with code '${code}'`);
  return row;
}

interface TransitionOptions {
  note?: string | null;
  data?: Record<string, unknown>;
  /** Extra columns to update together with the status. */
  patch?: Partial<DossierRow>;
  /** Further writes that must commit with the transition (e.g. the signature record). */
  also?: (tx: DossierTx, current: DossierRow) => Promise<void>;
}

/**
 * Applies one action through the state machine inside a transaction: checks role and current
 * status (again, inside the transaction, so two racing requests cannot both pass), updates the
 * dossier with an optimistic version check, records the hand-off and the audit entry.
 */
export function applyTransition(deps: DossierDeps, actor: AuthUser, code: string, action: Action, options: TransitionOptions | ((current: DossierRow) => TransitionOptions) = {}): Promise<DossierRow> {
  const now = deps.now();
  return deps.uow.run(async (tx) => {
    const current = await getDossier(tx, code);
    const from = current.status as Status;
    const to = nextStatus(from, action, actor.role);
    // Options computed from the row as this transaction reads it (counts, the paused clock), never from an earlier read.
    const opts = typeof options === 'function' ? options(current) : options;
    const updated = await tx.dossiers.update(code, current.version, { ...opts.patch, status: to });
    if (!updated) throw new ConflictError('concurrent_update', `Dossier '${code}' was changed by someone else; reload and try again`);
    await tx.transitions.insert({ dossierCode: code, fromStatus: from, toStatus: to, action, actorId: actor.id, actorRole: actor.role, at: now, dueAt: current.dueAt, note: opts.note ?? null, data: opts.data ?? null });
    await appendEntry(tx.audit, { action: 'dossier.transition', actor, dossierCode: code, detail: { action, from, to, note: opts.note ?? null, ...opts.data } }, now);
    await opts.also?.(tx, current);
    return updated;
  });
}

/** Checks, before expensive work (building or signing a PDF), that the action could apply now. */
export async function precheck(deps: DossierDeps, actor: AuthUser, code: string, action: Action): Promise<DossierRow> {
  const row = await deps.uow.read((r) => getDossier(r, code));
  nextStatus(row.status as Status, action, actor.role);
  return row;
}

export interface AppraisalInput {
  decision: 'accept' | 'supplement' | 'reject';
  /** Required to ask for a supplement or to reject; optional when accepting. */
  note?: string;
  /** Left out (or either part of it), the procedure's result template gives the title and opening. */
  result?: { title?: string; body?: string };
  /** For 'supplement': the items the citizen must add (phiếu yêu cầu bổ sung). */
  missingItems?: string[];
}

/** Thẩm định: accept (makes the result document), ask for a supplement (stops the clock) or reject. */
export async function appraise(deps: DossierDeps, actor: AuthUser, code: string, input: AppraisalInput): Promise<DossierRow> {
  const now = deps.now();
  if (input.decision === 'supplement') {
    if (!input.missingItems?.some((m) => m.trim())) throw new InvalidInputError('missing_items_required', 'A supplement request must list missingItems');
    return applyTransition(deps, actor, code, 'request_supplement', (current) => ({
      note: input.note,
      data: { missingItems: input.missingItems },
      patch: { clockPausedAt: now, supplementCount: current.supplementCount + 1 },
    }));
  }
  if (input.decision === 'reject') {
    if (!input.note?.trim()) throw new InvalidInputError('reason_required', 'A rejection must give its reason (note)');
    return applyTransition(deps, actor, code, 'reject', { note: input.note, patch: { resolvedAt: now } });
  }

  const row = await precheck(deps, actor, code, 'accept');
  const pdf = await buildResult(deps, row, input.result, now);
  const blob = await deps.blobs.put(pdf);
  // The result's audit entry commits with the transition: killed in between, the dossier was
  // 'appraised' with a result the trail never mentioned (the auditor's page then offered no check).
  return applyTransition(deps, actor, code, 'accept', {
    note: input.note || null,
    data: { resultBlob: blob },
    patch: { resultBlob: blob },
    also: async (tx) => void (await appendEntry(tx.audit, { action: 'result.created', actor, dossierCode: code, detail: { blob, bytes: pdf.length } }, now)),
  });
}

/**
 * The result document an accept would make now, without storing or recording anything: the
 * specialist previews exactly what the leader will sign (same maker, same signer, same date).
 */
export async function previewResult(deps: DossierDeps, actor: AuthUser, code: string, result: { title?: string; body?: string } | undefined): Promise<Uint8Array> {
  const row = await precheck(deps, actor, code, 'accept');
  return buildResult(deps, row, result, deps.now());
}

/**
 * The result document: the specialist's title and body, or where left out (or blank) the
 * procedure's own title and, with an empty body, its template's opening.
 */
async function buildResult(deps: DossierDeps, row: DossierRow, result: { title?: string; body?: string } | undefined, now: number): Promise<Uint8Array> {
  const procedure = await deps.procedure(row.procedureCode);
  const leader = await deps.uow.read((r) => r.staff.firstLeader());
  if (!leader) throw new ConflictError('no_leader', 'No active leader account exists to sign results');
  return deps.results.make({
    dossierCode: row.code,
    procedure,
    agency: deps.agency,
    applicantName: row.applicantName,
    title: result?.title?.trim() || procedure.resultTemplate.title,
    body: result?.body?.trim() ?? '',
    signer: { name: leader.displayName, title: leader.title ?? 'CHỦ TỊCH' },
    issuedAt: now,
  });
}

/**
 * The citizen supplies what was asked: the clock resumes with the working time that was left,
 * computed from the row the transaction reads (a stale read would resume from the wrong pause).
 */
export function resumeAfterSupplement(deps: DossierDeps, actor: AuthUser, code: string, note: string | null, extra: Record<string, unknown>, also?: TransitionOptions['also']): Promise<DossierRow> {
  const now = deps.now();
  return applyTransition(deps, actor, code, 'supplement', (row) => {
    const remaining = deps.clock.workingMsBetween(row.clockPausedAt ?? now, row.dueAt);
    const dueAt = deps.clock.addWorkingTime(now, Math.max(0, remaining));
    return { note, data: { ...extra, previousDueAt: row.dueAt, dueAt }, patch: { clockPausedAt: null, dueAt }, also };
  });
}

export function returnResult(deps: DossierDeps, actor: AuthUser, code: string, input: { rating?: number; note?: string }): Promise<DossierRow> {
  return applyTransition(deps, actor, code, 'return', {
    note: input.note ?? null,
    data: input.rating ? { rating: input.rating } : undefined,
    patch: { returnedAt: deps.now(), rating: input.rating ?? null },
  });
}

export function withdraw(deps: DossierDeps, actor: AuthUser, code: string, reason: string): Promise<DossierRow> {
  return applyTransition(deps, actor, code, 'withdraw', { note: reason, patch: { clockPausedAt: null } });
}
