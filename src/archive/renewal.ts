import { UnprocessableError } from '../shared/errors';
import { addArchiveTimestamp, type RevocationSource, type TsaClient } from '../signing';
import { lastArchiveTimestamp, type ArchiveTimestampState } from '../verify';

/**
 * Archive renewal of one PDF (PAdES B-LTA, ETSI EN 319 142-1 §5.5): a new document time-stamp
 * is due when the last one's TSA chain ends, or its algorithms weaken, within the margin — or
 * when the file has none yet (a result sealed before results became B-LTA). Renewing appends
 * the DSS data for everything already there (the previous time-stamp's chain included) and a
 * new time-stamp over it all, as incremental updates: no earlier byte changes.
 */
export interface RenewalPolicy {
  now: Date;
  /** Renew this many days before the last time-stamp stops proving anything. */
  marginDays: number;
}

export interface RenewalDecision {
  due: boolean;
  reason: string;
  /** The last archive time-stamp as found (null: none). */
  last: { fieldName: string; time: string | null; tsa: string | null; validUntil: string | null } | null;
}

export const DEFAULT_MARGIN_DAYS = 180;
const DAY = 86_400_000;

export async function renewalDecision(pdf: Uint8Array, p: RenewalPolicy): Promise<RenewalDecision> {
  return decide(await lastArchiveTimestamp(pdf), p);
}

/** The decision on what was found of the last archive time-stamp (null: none). */
export function decide(state: ArchiveTimestampState | null, p: RenewalPolicy): RenewalDecision {
  if (!state) return { due: true, reason: 'the file has no archive time-stamp yet', last: null };
  const until = validUntil(state);
  const last = { fieldName: state.fieldName, time: state.time?.toISOString() ?? null, tsa: state.tsa, validUntil: until?.date.toISOString() ?? null };
  // Renewing over a broken token would make the new one cover a broken file: say so instead.
  if (!state.intact) return { due: false, reason: `the last archive time-stamp (${state.fieldName}) is not intact: it cannot be renewed`, last };
  const horizon = new Date(p.now.getTime() + p.marginDays * DAY);
  if (!until) return { due: true, reason: 'the last archive time-stamp carries no certificate to judge it by', last };
  if (until.date <= horizon) return { due: true, reason: `${until.why} ${until.date.toISOString()}, within ${p.marginDays} days of ${p.now.toISOString()}`, last };
  return { due: false, reason: `the last archive time-stamp holds until ${until.date.toISOString()}`, last };
}

/** When the time-stamp stops proving anything: its chain's first expiry or its algorithms' end. */
function validUntil(s: ArchiveTimestampState): { date: Date; why: string } | null {
  const options = [
    ...(s.expiresAt ? [{ date: s.expiresAt, why: 'its TSA certificate chain expires' }] : []),
    ...(s.sunset ? [{ date: s.sunset.date, why: `its algorithms weaken (${s.sunset.why}) on` }] : []),
  ];
  return options.sort((a, b) => a.date.getTime() - b.date.getTime())[0] ?? null;
}

export interface RenewalSources {
  tsa: TsaClient;
  revocation: RevocationSource;
}

/**
 * Adds a new archive time-stamp when due; `pdf` null when not due. Refuses a renewal that would
 * itself be due at once (the TSA's own certificate ends within the margin): it would extend
 * nothing, and the operator must renew the TSA's certificate or point TAICHO_TSA_URL elsewhere.
 */
export async function renewArchive(pdf: Uint8Array, src: RenewalSources, p: RenewalPolicy): Promise<{ decision: RenewalDecision; pdf: Uint8Array | null }> {
  const decision = await renewalDecision(pdf, p);
  if (!decision.due) return { decision, pdf: null };
  const renewed = await addArchiveTimestamp(pdf, src);
  const after = await renewalDecision(renewed, p);
  if (after.due) {
    throw new UnprocessableError('tsa_certificate_too_short', `the new archive time-stamp would not last: ${after.reason}; renew the time-stamping authority's certificate or set TAICHO_TSA_URL to another authority`);
  }
  return { decision, pdf: renewed };
}
