import { asc, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditCheckpoints } from '../db/schema';
import { broken, GENESIS, verifyFrom, type ChainCheck } from './audit-log';

/** A checkpoint every this many entries: an incremental check reads at most about this many old ones. */
export const CHECKPOINT_EVERY = 1000;

export interface CheckpointedCheck extends ChainCheck {
  /** The entry the walk started after (0: the whole chain). */
  from: number;
  /** Checkpoints on record after this check. */
  checkpoints: number;
}

export interface CheckpointOptions {
  /** `full`: walk every entry (and compare the checkpoints); else start at the last checkpoint. */
  full: boolean;
  now: number;
  every?: number;
}

/**
 * Checks the audit chain with the help of stored checkpoints (seq, hash) that earlier checks
 * recorded every `every` entries:
 * - the checkpoints themselves: one at each multiple of `every` up to the last, each naming an
 *   entry that still has the hash recorded. A history rewritten and re-hashed to look whole
 *   (which a walk alone cannot tell from the original) no longer matches them;
 * - the entries from the last checkpoint (or, `full`, from the first) to the head, linked and
 *   each matching its hash. Only `full` reads the entries before the last checkpoint, so only
 *   it finds an edit there that was not re-hashed.
 * An intact walk records the checkpoints it passed.
 */
export function verifyWithCheckpoints(db: Db, o: CheckpointOptions): CheckpointedCheck {
  const every = o.every ?? CHECKPOINT_EVERY;
  const stored = db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.seq)).all();
  const last = stored.at(-1);
  const start = o.full || !last ? { seq: 0, hash: GENESIS } : last;
  const describe = (check: ChainCheck, recorded = 0) => ({ ...check, from: start.seq, checkpoints: stored.length + recorded });
  // A full walk names the first broken entry; an incremental one must trust its start first.
  const ordered = o.full ? [() => walk(), () => checkpointsHold(db, every)] : [() => checkpointsHold(db, every), () => walk()];
  let result: ChainCheck | undefined;
  const fresh: { seq: number; hash: string }[] = [];
  function walk() {
    result = verifyFrom(db, start, (e) => {
      if (e.seq % every === 0 && e.seq > (last?.seq ?? 0)) fresh.push({ seq: e.seq, hash: e.hash });
    });
    return result.chainValid ? undefined : result;
  }
  for (const step of ordered) {
    const failed = step();
    if (failed) return describe(failed);
  }
  for (const c of fresh) db.insert(auditCheckpoints).values({ ...c, verifiedAt: o.now }).onConflictDoNothing().run();
  return describe(result!, fresh.length);
}

/** Undefined when every checkpoint is in place and matches its entry; else the first that does not. */
function checkpointsHold(db: Db, every: number): ChainCheck | undefined {
  const rows = db.all<{ seq: number; expected: string; actual: string | null }>(
    sql`SELECT c.seq AS seq, c.hash AS expected, a.hash AS actual FROM audit_checkpoints c LEFT JOIN audit_log a ON a.seq = c.seq ORDER BY c.seq`,
  );
  for (const [i, r] of rows.entries()) {
    const want = (i + 1) * every;
    if (r.seq !== want) return broken(0, want, `checkpoint at entry ${want} is missing`);
    if (r.actual === null) return broken(0, r.seq, `entry ${r.seq} is missing (a checkpoint was recorded there)`);
    if (r.actual !== r.expected) return broken(0, r.seq, 'hash differs from the checkpoint recorded there: the chain up to it was rewritten');
  }
  return undefined;
}
