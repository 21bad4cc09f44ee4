import { createHash } from 'node:crypto';
import type { AuditReader, AuditStore, StoredAuditEntry } from './ports';

/**
 * Tamper-evident audit trail: every entry holds the hash of the previous one, and its own
 * hash covers all of its fields. Editing, deleting or reordering any stored row breaks the
 * chain from that row on, which `verifyChain` reports with the first broken entry.
 *
 * An entry is appended inside the transaction of the change it records (`appendEntry`), which
 * takes the chain's head under a lock: it commits or rolls back with the change, and two
 * transactions never take the same sequence number.
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

/** An entry as read back: its detail parsed. */
export interface AuditEntry extends Omit<StoredAuditEntry, 'detail'> {
  detail: Record<string, unknown>;
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

/**
 * Appends an entry in the caller's transaction, through the domain's port: the chain's head is
 * locked there, so the sequence is taken inside the change it records and commits or rolls
 * back with it.
 */
export async function appendEntry(store: AuditStore, input: AuditInput, now: number): Promise<AuditEntry> {
  const entry = nextEntry(await store.lockHead(), input, now);
  await store.insert({ ...entry, detail: canonicalJson(entry.detail) });
  return entry;
}

/** The entry that follows `last` (the chain's head) for `input`: its seq, link and hash. */
export function nextEntry(last: { seq: number; hash: string } | undefined, input: AuditInput, now: number): AuditEntry {
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
  return { ...entry, hash: entryHash(entry) };
}

export async function auditEntries(reader: AuditReader, dossierCode?: string): Promise<AuditEntry[]> {
  return (await reader.entries(dossierCode)).map(toEntry);
}

/** Walks the whole chain in order, a page at a time (the chain is global, so a dossier's entries are checked in context). */
export function verifyChain(reader: AuditReader, pageSize = 5000): Promise<ChainCheck> {
  return verifyFrom(reader, { seq: 0, hash: GENESIS }, undefined, pageSize);
}

/**
 * Walks the chain from the entry after `start` (an entry already trusted, or seq 0 and the
 * genesis hash) to the head, a page at a time; `onEntry` sees each entry found intact
 * (checkpoints are recorded so).
 */
export async function verifyFrom(reader: AuditReader, start: { seq: number; hash: string }, onEntry?: (e: AuditEntry) => void, pageSize = 5000): Promise<ChainCheck> {
  const walk = chainWalk(start, onEntry);
  for (let after = start.seq; ; ) {
    const rows = await reader.scan(after, pageSize);
    if (rows.length === 0) return walk.result();
    for (const row of rows) if (walk.next(row)) return walk.result();
    after = rows[rows.length - 1]!.seq;
  }
}

/** The same check over rows already in hand, in seq order (the backup reads them from a copied file). */
export function checkChain(rows: Iterable<StoredAuditEntry>): ChainCheck {
  const walk = chainWalk({ seq: 0, hash: GENESIS });
  for (const row of rows) if (walk.next(row)) break;
  return walk.result();
}

/** Checks entries one by one after `start`; `next` says true once the chain is broken there. */
function chainWalk(start: { seq: number; hash: string }, onEntry?: (e: AuditEntry) => void) {
  let prev = start.hash;
  let expectedSeq = start.seq + 1;
  let checked = 0;
  let failure: ChainCheck | undefined;
  return {
    next(row: StoredAuditEntry): boolean {
      const entry = toEntry(row);
      if (entry.seq !== expectedSeq) failure = broken(checked, entry.seq, `entry ${expectedSeq} is missing`);
      else if (entry.prevHash !== prev) failure = broken(checked, entry.seq, 'link to the previous entry does not match');
      else if (entryHash(entry) !== entry.hash) failure = broken(checked, entry.seq, 'content does not match its hash');
      if (failure) return true;
      onEntry?.(entry);
      prev = entry.hash;
      expectedSeq++;
      checked++;
      return false;
    },
    result: (): ChainCheck => failure ?? { chainValid: true, checked, head: { seq: expectedSeq - 1, hash: prev } },
  };
}

/**
 * Checks a few entries (one dossier's) where they sit in the chain, at a cost in proportion
 * to their number rather than to the whole log: each entry's content must match its hash, the
 * entry before it (by seq) must exist and be the hash it links to, and the entry after it, if
 * any, must link back to it. So an edited, moved or re-hashed entry of the dossier is found;
 * the rest of the chain is `verifyChain`'s job (`GET /api/v1/audit/verify`).
 */
export async function verifyEntries(reader: AuditReader, entries: readonly AuditEntry[]): Promise<ChainCheck> {
  const neighbours = new Map((await reader.links([...new Set(entries.flatMap((e) => [e.seq - 1, e.seq + 1]))])).map((r) => [r.seq, r]));
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
  return { chainValid: true, checked, head: (await reader.head()) ?? { seq: 0, hash: GENESIS } };
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

function toEntry(row: StoredAuditEntry): AuditEntry {
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
