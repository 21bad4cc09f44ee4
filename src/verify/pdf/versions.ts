import type { XrefEntry } from './xref';

/**
 * Every cross-reference entry of every revision in one table: per object number, its entries in
 * revision order. "Object n as of revision r" is the last entry at or before r. Built once in
 * time and memory proportional to the entries themselves, where a full table per revision would
 * copy the whole table for each incremental update.
 */
export class XrefVersions {
  /** num → [rev, entry, rev, entry, …], revisions ascending. */
  private readonly byNum = new Map<number, (number | XrefEntry)[]>();
  private newest = -1;

  /** Adds one revision's entries; revisions must be added in ascending order. */
  add(rev: number, entries: Map<number, XrefEntry>): void {
    this.newest = rev;
    for (const [num, e] of entries) {
      const list = this.byNum.get(num);
      if (list) list.push(rev, e);
      else this.byNum.set(num, [rev, e]);
    }
  }

  get(num: number, rev: number): XrefEntry | undefined {
    const list = rev <= this.newest ? this.byNum.get(num) : undefined;
    if (!list) return undefined;
    // Binary search over the pairs for the last revision ≤ rev.
    let lo = 0;
    let hi = list.length / 2 - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid * 2] as number) <= rev) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? undefined : (list[found * 2 + 1] as XrefEntry);
  }
}
