import type { AuthUser } from '../auth/roles';
import { ConflictError } from '../shared/errors';
import { audited } from './audited';
import type { DossierDeps } from './ports';
import { applicantContact, appointmentAt, loadCase, type DossierCase, type HandOff } from './views';
import type { DossierRow } from './workflow';

export type SlipKind = 'appointment' | 'supplement-request' | 'refusal' | 'apology' | 'stop-notice' | 'process-control';

/**
 * Maps a dossier onto the printed slips of the one-stop rules (Decree 118/2025/NĐ-CP,
 * Circular 03/2025/TT-VPCP). A slip that does not apply to the dossier's history (no
 * supplement was requested, it was not refused …) is a 409 saying so. Slips carry personal
 * data, so each render is audited, and a role that sees it masked (auditor) gets it masked
 * on the slip too.
 */
export async function renderSlip(deps: DossierDeps, actor: AuthUser, code: string, kind: SlipKind): Promise<Uint8Array> {
  const found = await deps.uow.read((r) => loadCase(r, code));
  const { row, handOffs: steps } = found;
  const procedure = await deps.procedure(row.procedureCode);
  const agency = { ...deps.agency, unitName: 'Bộ phận Một cửa' };
  const contact = applicantContact(row, actor.role);
  const dossier = {
    code: row.code,
    procedureName: procedure.name,
    applicant: { name: row.applicantName, idNumber: contact.id, phone: contact.phone, address: contact.address ?? undefined },
    receivedAt: row.receivedAt,
    dueAt: appointmentAt(row, steps),
  };
  const last = (action: string) => [...steps].reverse().find((s) => s.action === action);
  const need = (step: HandOff | undefined, what: string): HandOff => {
    if (!step) throw new ConflictError('slip_not_applicable', `Dossier '${code}' has no ${what}, so this slip does not apply`);
    return step;
  };
  const signer = actor.role === 'leader' ? { title: 'LÃNH ĐẠO', name: actor.displayName } : { title: 'CÁN BỘ TIẾP NHẬN', name: actor.displayName };

  const slips = await import('../slips'); // loaded on first use: fonts and layout are heavy
  let pdf: Uint8Array;
  switch (kind) {
    case 'appointment': {
      const receiver = steps[0]?.actor?.displayName ?? actor.displayName;
      pdf = await slips.appointmentSlip({ agency, dossier: { ...dossier, ...appointmentExtras(deps, found, procedure.processingDays, receiver) } });
      break;
    }
    case 'supplement-request': {
      const s = need(last('request_supplement'), 'supplement request');
      pdf = await slips.supplementRequest({ agency, dossier, issuedAt: s.at, missingItems: (s.data?.missingItems as string[]) ?? [], reason: s.note ?? '', signer });
      break;
    }
    case 'refusal': {
      const s = need(last('reject'), 'refusal');
      pdf = await slips.refusalNotice({ agency, dossier, issuedAt: s.at, stage: 'resolution', reason: s.note ?? '', signer });
      break;
    }
    case 'apology': {
      const s = need(last('apology'), 'apology');
      pdf = await slips.apologyLetter({ agency, dossier: { ...dossier, dueAt: row.dueAt }, issuedAt: s.at, reason: s.note ?? '', newDueAt: s.data?.newAppointmentAt as number, signer });
      break;
    }
    case 'stop-notice': {
      const s = need(last('withdraw'), 'withdrawal');
      pdf = await slips.stopNotice({ agency, dossier, issuedAt: s.at, cause: 'withdrawn', reason: s.note ?? '', signer });
      break;
    }
    case 'process-control':
      pdf = await slips.processControlSlip({ agency, dossier, steps: controlSteps(steps, row) });
      break;
  }
  await audited(deps, { action: 'document.downloaded', actor, dossierCode: code, detail: { slip: kind } });
  return pdf;
}

function appointmentExtras(deps: DossierDeps, { row, documents: docs }: DossierCase, processingDays: number, receiverName: string) {
  return {
    processingDays,
    channel: row.channel,
    documents: docs.map((d) => ({ name: d.name, kind: d.kind, copies: d.copies })),
    sets: 1,
    receivedBy: { name: receiverName },
    lookupUrl: `${deps.publicUrl}/lookup/${encodeURIComponent(row.code)}`,
    // Printed, and in the QR link: with the ID's last 4 digits it opens the result online.
    accessKey: deps.accessKeys.keyFor(row.code),
    returnPlace: `${deps.agency.address}`,
  };
}

/** Each hand-off: the giver is the previous step's actor, the receiver this step's. */
function controlSteps(steps: HandOff[], row: DossierRow) {
  const who = (s: HandOff | undefined) => (s?.actor ? s.actor.displayName : 'Công dân');
  return steps.map((s, i) => ({
    from: i === 0 ? row.applicantName : who(steps[i - 1]),
    to: who(s),
    at: s.at,
    mark: s.mark,
    outcome: s.label,
    note: s.note || undefined, // an empty remark (stored by older versions) is no remark
  }));
}
