import { createHash } from 'node:crypto';
import { asc, desc, eq, gt, inArray } from 'drizzle-orm';
import type { DbOrTx as Db } from '../db/client';
import { auditLog } from '../db/schema';

/**
 * Tamper-evident audit trail: every entry holds the hash of the previous one, and its own
 * hash covers all of its fields. Editing, deleting or reordering any stored row breaks the
 * chain from that row on, which `verifyChain` reports with the first broken entry.
 *
 * `append` is synchronous and takes the caller's transaction, so the audit entry commits
 * (or rolls back) together with the state change it records.
 */
export type AuditAction =
  | 'dossier.received'
  | 'dossier.transition'
  | 'document.uploaded'
  | 'document.reused'
  | 'document.digitised'
  | 'document.downloaded'
  | 'personal_data.viewed'
  | 'result.created'
  | 'result.downloaded'
  | 'result.access_denied'
  | 'result.access_locked'
  | 'search.performed'
  | 'signature.applied'
  | 'result.archive_renewed'
  | 'calendar.amended'
  | 'user.created'
  | 'settings.changed';

export interface AuditInput {
  action: AuditAction;
  actor?: { id: number; username: string } | null;
  dossierCode?: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditEntry {
  seq: number;
  at: number;
  actorId: number | null;
  actorName: string | null;
  action: string;
  dossierCode: string | null;
  detail: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface ChainCheck {
  chainValid: boolean;
  checked: number;
  /** The first entry whose hash or link does not match, with why. */
  firstBroken?: { seq: number; reason: string };
  /**
   * The last entry. A chain cannot show that entries were cut off its end, so whoever needs
   * that guarantee records the head elsewhere (a daily report, a signed export) and compares.
   */
  head: { seq: number; hash: string };
}

export const GENESIS = '0'.repeat(64);

export function appendAudit(db: Db, input: AuditInput, now: number = Date.now()): AuditEntry {
  const last = db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1).get();
  const entry = {
    seq: (last?.seq ?? 0) + 1,
    at: now,
    actorId: input.actor?.id ?? null,
    actorName: input.actor?.username ?? null,
    action: input.action,
    dossierCode: input.dossierCode ?? null,
    detail: input.detail ?? {},
    prevHash: last?.hash ?? GENESIS,
  };
  const hash = entryHash(entry);
  db.insert(auditLog).values({ ...entry, detail: canonicalJson(entry.detail), hash }).run();
  return { ...entry, hash };
}

export function auditEntries(db: Db, dossierCode?: string): AuditEntry[] {
  const q = db.select().from(auditLog);
  const rows = (dossierCode ? q.where(eq(auditLog.dossierCode, dossierCode)) : q).orderBy(asc(auditLog.seq)).all();
  return rows.map(toEntry);
}

/** Walks the whole chain in order (the chain is global, so a dossier's entries are checked in context). */
export function verifyChain(db: Db): ChainCheck {
  return verifyFrom(db, { seq: 0, hash: GENESIS });
}

/**
 * Walks the chain from the entry after `start` (an entry already trusted, or seq 0 and the
 * genesis hash) to the head; `onEntry` sees each entry found intact (checkpoints are recorded so).
 */
export function verifyFrom(db: Db, start: { seq: number; hash: string }, onEntry?: (e: AuditEntry) => void): ChainCheck {
  let prev = start.hash;
  let expectedSeq = start.seq + 1;
  let checked = 0;
  for (const row of db.select().from(auditLog).where(gt(auditLog.seq, start.seq)).orderBy(asc(auditLog.seq)).all()) {
    const entry = toEntry(row);
    if (entry.seq !== expectedSeq) return broken(checked, entry.seq, `entry ${expectedSeq} is missing`);
    if (entry.prevHash !== prev) return broken(checked, entry.seq, 'link to the previous entry does not match');
    if (entryHash(entry) !== entry.hash) return broken(checked, entry.seq, 'content does not match its hash');
    onEntry?.(entry);
    prev = entry.hash;
    expectedSeq++;
    checked++;
  }
  return { chainValid: true, checked, head: { seq: expectedSeq - 1, hash: prev } };
}

/**
 * Checks a few entries (one dossier's) where they sit in the chain, at a cost in proportion
 * to their number rather than to the whole log: each entry's content must match its hash, the
 * entry before it (by seq) must exist and be the hash it links to, and the entry after it, if
 * any, must link back to it. So an edited, moved or re-hashed entry of the dossier is found;
 * the rest of the chain is `verifyChain`'s job (`GET /api/v1/audit/verify`).
 */
export function verifyEntries(db: Db, entries: readonly AuditEntry[]): ChainCheck {
  const around = new Set(entries.flatMap((e) => [e.seq - 1, e.seq + 1]));
  const neighbours = new Map<number, { seq: number; hash: string; prevHash: string }>();
  const seqs = [...around];
  for (let i = 0; i < seqs.length; i += 500) {
    const rows = db.select({ seq: auditLog.seq, hash: auditLog.hash, prevHash: auditLog.prevHash }).from(auditLog).where(inArray(auditLog.seq, seqs.slice(i, i + 500))).all();
    for (const r of rows) neighbours.set(r.seq, r);
  }
  let checked = 0;
  for (const e of [...entries].sort((a, b) => a.seq - b.seq)) {
    const before = e.seq === 1 ? { hash: GENESIS } : neighbours.get(e.seq - 1);
    const after = neighbours.get(e.seq + 1);
    if (!before) return broken(checked, e.seq, `entry ${e.seq - 1} is missing`);
    if (e.prevHash !== before.hash) return broken(checked, e.seq, 'link to the previous entry does not match');
    if (entryHash(e) !== e.hash) return broken(checked, e.seq, 'content does not match its hash');
    if (after && after.prevHash !== e.hash) return broken(checked, after.seq, 'link to the previous entry does not match');
    checked++;
  }
  const last = db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1).get();
  return { chainValid: true, checked, head: last ?? { seq: 0, hash: GENESIS } };
}

export function broken(checked: number, seq: number, reason: string): ChainCheck {
  return { chainValid: false, checked, firstBroken: { seq, reason }, head: { seq: -1, hash: '' } };
}

function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  const body = canonicalJson({
    seq: e.seq,
    at: e.at,
    actorId: e.actorId,
    actorName: e.actorName,
    action: e.action,
    dossierCode: e.dossierCode,
    detail: e.detail,
    prevHash: e.prevHash,
  });
  return createHash('sha256').update(body).digest('hex');
}

function toEntry(row: typeof auditLog.$inferSelect): AuditEntry {
  let detail: Record<string, unknown>;
  try {
    detail = JSON.parse(row.detail) as Record<string, unknown>;
  } catch {
    detail = { unparsable: row.detail };
  }
  return { ...row, detail };
}

/** JSON with sorted keys, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}
