/**
 * A minimal DER reader: the element at an offset, and its children, without building an ASN.1
 * object tree (./crl-index walks large CRLs with it), and the INTEGER check OpenSSL makes on
 * every certificate it reads.
 */
export interface Tlv { tag: number; start: number; body: number; end: number }

/** The element at `at` (definite lengths only, as DER requires); null when malformed. */
export function tlv(b: Uint8Array, at: number, limit: number): Tlv | null {
  if (at + 2 > limit) return null;
  const tag = b[at];
  let len = b[at + 1];
  let body = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || body + n > limit) return null;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[body + i];
    body += n;
  }
  const end = body + len;
  return end > limit ? null : { tag, start: at, body, end };
}

export function children(b: Uint8Array, parent: Tlv): Tlv[] | null {
  const out: Tlv[] = [];
  for (let at = parent.body; at < parent.end; ) {
    const t = tlv(b, at, parent.end);
    if (!t) return null;
    out.push(t);
    at = t.end;
  }
  return out;
}

/**
 * The first INTEGER (universal, anywhere in the tree) that is empty or padded — a leading 00
 * before a byte < 0x80, or FF before one ≥ 0x80 — else null. OpenSSL refuses such a
 * certificate ("illegal padding"), and so do DSS and pdfsig; a lenient parser would accept a
 * certificate the others call undecodable. Branches that are not DER are not descended into.
 */
export function paddedInteger(b: Uint8Array, t: Tlv | null = tlv(b, 0, b.length), depth = 0): number | null {
  if (!t || depth > 32) return null;
  if (t.tag === 0x02) {
    const n = t.end - t.body;
    const [x, y] = [b[t.body], b[t.body + 1]];
    return n === 0 || (n > 1 && ((x === 0 && y < 0x80) || (x === 0xff && y >= 0x80))) ? t.start : null;
  }
  if (!(t.tag & 0x20)) return null;
  for (const c of children(b, t) ?? []) {
    const bad = paddedInteger(b, c, depth + 1);
    if (bad !== null) return bad;
  }
  return null;
}
