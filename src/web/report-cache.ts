import { randomBytes } from 'node:crypto';
import type { VerificationReport } from '../verify/types';

/**
 * Verification reports the auditor just made, kept briefly in memory so the page after the
 * upload (post/redirect/get) and its JSON/HTML/PDF downloads need not upload the file again.
 * The PDF itself is not kept. Ids are unguessable and bound to the user who uploaded; the
 * oldest go first past MAX, and each lives at most TTL.
 */
export interface CachedReport {
  report: VerificationReport;
  fileName: string;
  userId: number;
  at: number;
}

const MAX = 200;
const TTL_MS = 2 * 3600_000;
const reports = new Map<string, CachedReport>();

export function keepReport(entry: Omit<CachedReport, 'at'>, now = Date.now()): string {
  const id = randomBytes(16).toString('base64url');
  reports.set(id, { ...entry, at: now });
  while (reports.size > MAX) reports.delete(reports.keys().next().value as string);
  return id;
}

/** The report, if it exists, is still fresh and belongs to this user. */
export function findReport(id: string, userId: number, now = Date.now()): CachedReport | undefined {
  const r = reports.get(id);
  if (!r || r.userId !== userId) return undefined;
  if (now - r.at > TTL_MS) {
    reports.delete(id);
    return undefined;
  }
  return r;
}
