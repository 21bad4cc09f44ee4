import { broken, GENESIS, verifyFrom, type ChainCheck } from './audit-log';
import type { AuditCheckpointWriter, AuditReader } from './ports';

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
export async function verifyWithCheckpoints(reader: AuditReader, writer: AuditCheckpointWriter, o: CheckpointOptions): Promise<CheckpointedCheck> {
  const every = o.every ?? CHECKPOINT_EVERY;
  const stored = await reader.checkpoints();
  const last = stored.at(-1);
  const start = o.full || !last ? { seq: 0, hash: GENESIS } : last;
  const describe = (check: ChainCheck, recorded = 0) => ({ ...check, from: start.seq, checkpoints: stored.length + recorded });
  const fresh: { seq: number; hash: string }[] = [];
  const walk = () =>
    verifyFrom(reader, start, (e) => {
      if (e.seq % every === 0 && e.seq > (last?.seq ?? 0)) fresh.push({ seq: e.seq, hash: e.hash });
    });
  const held = () => checkpointsHold(reader, stored, every);
  // A full walk names the first broken entry; an incremental one must trust its start first.
  let result: ChainCheck;
  if (o.full) {
    result = await walk();
    if (!result.chainValid) return describe(result);
    const failed = await held();
    if (failed) return describe(failed);
  } else {
    const failed = await held();
    if (failed) return describe(failed);
    result = await walk();
    if (!result.chainValid) return describe(result);
  }
  await writer.record(fresh, o.now);
  return describe(result, fresh.length);
}

/** Undefined when every checkpoint is in place and matches its entry; else the first that does not. */
async function checkpointsHold(reader: AuditReader, stored: readonly { seq: number; hash: string }[], every: number): Promise<ChainCheck | undefined> {
  const actual = new Map((await reader.links(stored.map((c) => c.seq))).map((r) => [r.seq, r.hash]));
  for (const [i, c] of stored.entries()) {
    const want = (i + 1) * every;
    if (c.seq !== want) return broken(0, want, `checkpoint at entry ${want} is missing`);
    const hash = actual.get(c.seq);
    if (hash === undefined) return broken(0, c.seq, `entry ${c.seq} is missing (a checkpoint was recorded there)`);
    if (hash !== c.hash) return broken(0, c.seq, 'hash differs from the checkpoint recorded there: the chain up to it was rewritten');
  }
  return undefined;
}
