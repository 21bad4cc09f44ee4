import type { XrefEntry } from './xref';

/**
 * Every cross-reference entry of every revision, without a copy per revision: "object n as of
 * revision r" is its entry in the newest revision ≤ r that defines it. Each revision's own map is
 * kept as is; an index lists, per object number, the revisions defining it, except the largest
 * revision (usually the original file), which is asked directly. So a large table followed by
 * many small updates costs only the updates, where a full table per revision copied the large
 * table once per update (40 updates of a 5-million-entry table exhausted the heap).
 */
export class XrefVersions {
  /** num → revisions (ascending, the largest one excluded) whose section defines it. */
  private readonly index = new Map<number, number[]>();
  private readonly base: number;

  constructor(private readonly layers: Map<number, XrefEntry>[]) {
    this.base = layers.reduce((best, l, i) => (l.size > layers[best].size ? i : best), 0);
    layers.forEach((layer, rev) => {
      if (rev === this.base) return;
      for (const num of layer.keys()) {
        const list = this.index.get(num);
        if (list) list.push(rev);
        else this.index.set(num, [rev]);
      }
    });
  }

  get(num: number, rev: number): XrefEntry | undefined {
    if (rev < 0 || rev >= this.layers.length) return undefined;
    let best = lastAtMost(this.index.get(num), rev);
    if (this.base <= rev && this.base > best && this.layers[this.base].has(num)) best = this.base;
    return best < 0 ? undefined : this.layers[best].get(num);
  }
}

/** The last element ≤ rev of an ascending list, or -1. */
function lastAtMost(list: number[] | undefined, rev: number): number {
  if (!list) return -1;
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] <= rev) {
      found = list[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
