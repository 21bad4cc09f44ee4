import type { AuthUser } from '../auth/roles';
import { appendEntry } from '../audit/audit-log';
import { ConflictError, ForbiddenError, InvalidInputError } from '../shared/errors';
import type { DossierDeps } from './ports';
import { TERMINAL, type Status } from './state-machine';
import { getDossier } from './workflow';

/**
 * Phiếu xin lỗi và hẹn lại ngày trả kết quả: for a dossier past its due date, the agency
 * apologises and sets a new appointment. The status does not change (so this is not a
 * state-machine action), but it is a hand-off record and an audit entry; the legal due date
 * stays, so statistics still count the dossier as late.
 */
export function recordApology(deps: DossierDeps, actor: AuthUser, code: string, input: { reason: string; newAppointmentAt: number }) {
  if (!['specialist', 'leader', 'reception'].includes(actor.role)) {
    throw new ForbiddenError('forbidden', `Role '${actor.role}' may not issue an apology letter (allowed: specialist, leader, reception)`);
  }
  const now = deps.now();
  return deps.uow.run(async (tx) => {
    const row = await getDossier(tx, code);
    const status = row.status as Status;
    if (TERMINAL.includes(status) || status === 'sealed' || status === 'rejected') {
      throw new ConflictError('not_in_progress', `Dossier '${code}' is '${status}': an apology letter is for a dossier still in progress`);
    }
    if (row.clockPausedAt !== null || now <= row.dueAt) {
      throw new ConflictError('not_overdue', `Dossier '${code}' is not overdue (due ${new Date(row.dueAt).toISOString()})`);
    }
    if (input.newAppointmentAt <= now) throw new InvalidInputError('invalid_date', 'newAppointmentAt must be in the future');
    const data = { reason: input.reason, newAppointmentAt: input.newAppointmentAt };
    await tx.transitions.insert({ dossierCode: code, fromStatus: status, toStatus: status, action: 'apology', actorId: actor.id, actorRole: actor.role, at: now, dueAt: row.dueAt, note: input.reason, data });
    await appendEntry(tx.audit, { action: 'dossier.transition', actor, dossierCode: code, detail: { action: 'apology', ...data } }, now);
    return data;
  });
}
