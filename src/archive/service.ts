import { appendEntry, type AuditInput } from '../audit/audit-log';
import type { DossierLists, UnitOfWork } from '../dossiers/store';
import { isTaichoError, UnavailableError } from '../shared/errors';
import type { BlobStore } from '../storage/blob-store';
import { renewalDecision, renewArchive, type RenewalDecision, type RenewalSources } from './renewal';

/**
 * `taicho archive renew` and the admin's equivalent: every archived result (sealed or returned)
 * gets a new archive time-stamp when its last one nears its end (./renewal.ts). Each renewed
 * PDF is a new blob; the dossier points at it only if its result did not change meanwhile, in
 * the same transaction (the dossier domain's unit of work) as the audit entry. One file's
 * failure is reported and the rest go on.
 */
export interface ArchiveDeps {
  /** Which dossiers hold an archived result. */
  lists: Pick<DossierLists, 'withResult'>;
  uow: UnitOfWork;
  blobs: BlobStore;
  now: () => number;
  /** The TSA and revocation data to renew with; undefined while the PKI is not open. */
  sources: () => RenewalSources | undefined;
}

export interface RenewOptions {
  marginDays: number;
  /** Decide and report only; nothing is written. */
  dryRun?: boolean;
  actor?: { id: number; username: string } | null;
}

export interface RenewalOutcome {
  code: string;
  outcome: 'renewed' | 'due' | 'not-due' | 'failed';
  reason: string;
  decision?: RenewalDecision;
  blob?: string;
}

const ARCHIVED = ['sealed', 'returned'];

export async function renewArchivedResults(deps: ArchiveDeps, o: RenewOptions): Promise<RenewalOutcome[]> {
  const rows = await deps.lists.withResult(ARCHIVED);
  const out: RenewalOutcome[] = [];
  for (const row of rows) out.push(await renewOne(deps, o, row.code, row.resultBlob));
  return out;
}

async function renewOne(deps: ArchiveDeps, o: RenewOptions, code: string, blob: string): Promise<RenewalOutcome> {
  const now = deps.now();
  try {
    const sources = deps.sources();
    if (!sources && !o.dryRun) throw new UnavailableError('pki_unavailable', 'no time-stamping authority: the PKI is not open and TAICHO_TSA_URL is not set');
    const pdf = await deps.blobs.get(blob);
    if (o.dryRun || !sources) {
      const decision = await renewalDecision(pdf, { now: new Date(now), marginDays: o.marginDays });
      return { code, outcome: decision.due ? 'due' : 'not-due', reason: decision.reason, decision };
    }
    const { decision, pdf: renewed } = await renewArchive(pdf, sources, { now: new Date(now), marginDays: o.marginDays });
    if (!renewed) return { code, outcome: 'not-due', reason: decision.reason, decision };
    const newBlob = await deps.blobs.put(renewed);
    const audit: AuditInput = { action: 'result.archive_renewed', actor: o.actor ?? null, dossierCode: code, detail: { from: blob, resultBlob: newBlob, reason: decision.reason, previous: decision.last } };
    const swapped = await recordRenewal(deps.uow, code, blob, newBlob, audit, now);
    if (!swapped) return { code, outcome: 'failed', reason: 'the result changed while it was being renewed; run again', decision };
    return { code, outcome: 'renewed', reason: decision.reason, decision, blob: newBlob };
  } catch (e) {
    return { code, outcome: 'failed', reason: isTaichoError(e) ? `${e.code}: ${e.message}` : (e as Error).message };
  }
}

/**
 * Points the dossier at its renewed result, with the audit entry, in one transaction: only if
 * its result is still `from` (a renewal running at the same time, or a new result, came first:
 * then nothing is written and the answer is false).
 */
export function recordRenewal(uow: UnitOfWork, code: string, from: string, renewed: string, audit: AuditInput, now: number): Promise<boolean> {
  return uow.run(async (tx) => {
    const dossier = await tx.dossiers.get(code);
    if (dossier?.resultBlob !== from || !(await tx.dossiers.update(code, dossier.version, { resultBlob: renewed }))) return false;
    await appendEntry(tx.audit, audit, now);
    return true;
  });
}
