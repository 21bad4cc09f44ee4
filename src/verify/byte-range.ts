import { latin1 } from './bytes';
import type { PdfDocument } from './pdf/document';
import { isStr, type PdfDict } from './pdf/objects';

/**
 * /ByteRange checks. "invalid" means the ranges cannot be read or leave the file (integrity
 * fails). "anomalies" are ranges that are readable but do not cover exactly one whole revision
 * minus this dictionary's /Contents: the digest may still match, but bytes that no one signed
 * are shown to the reader, so the document counts as modified after signing.
 */
export interface Coverage {
  ranges: [number, number][];
  invalid: string | null;
  anomalies: string[];
  /** End of the last range. */
  end: number;
  /** Revision whose end the ranges reach, else the last revision ending before it. */
  revision: number;
  /** The signed revision ends exactly at the end of the ranges. */
  endsAtRevision: boolean;
}

export function analyseCoverage(doc: PdfDocument, sig: PdfDict): Coverage {
  const br = sig.map.get('ByteRange');
  const nums = Array.isArray(br) ? br : [];
  const out: Coverage = { ranges: [], invalid: null, anomalies: [], end: 0, revision: 0, endsAtRevision: false };
  if (!nums.length || nums.length % 2 || !nums.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0)) {
    out.invalid = '/ByteRange is missing or not an even list of non-negative integers';
    return out;
  }
  const size = doc.bytes.length;
  for (let i = 0; i < nums.length; i += 2) out.ranges.push([nums[i] as number, nums[i + 1] as number]);
  // Set before any check: file order of signatures follows the claimed end, even when invalid.
  out.end = out.ranges[out.ranges.length - 1][0] + out.ranges[out.ranges.length - 1][1];
  for (let i = 0; i < out.ranges.length; i++) {
    const [s, l] = out.ranges[i];
    if (s + l > size) { out.invalid = `/ByteRange [${s} ${l}] runs past the end of the file (${size} bytes)`; return out; }
    if (i > 0 && s < out.ranges[i - 1][0] + out.ranges[i - 1][1]) { out.invalid = '/ByteRange ranges overlap or are out of order'; return out; }
  }
  if (out.ranges[0][0] !== 0) out.anomalies.push('the signed bytes do not start at the beginning of the file');
  checkGap(doc, sig, out);
  locateRevision(doc, out);
  return out;
}

/** The only unsigned bytes inside the revision must be this dictionary's own /Contents hex string. */
function checkGap(doc: PdfDocument, sig: PdfDict, out: Coverage): void {
  if (out.ranges.length !== 2) {
    out.anomalies.push(`/ByteRange has ${out.ranges.length} range(s) instead of 2`);
    return;
  }
  const gapStart = out.ranges[0][0] + out.ranges[0][1];
  const gapEnd = out.ranges[1][0];
  const contents = sig.map.get('Contents');
  const b = doc.bytes;
  const isHexGap = b[gapStart] === 0x3c && b[gapEnd - 1] === 0x3e && /^[0-9a-fA-F\s]*$/.test(latin1(b, gapStart + 1, gapEnd - 1));
  if (!isHexGap) {
    out.anomalies.push(`the unsigned gap [${gapStart}, ${gapEnd}) is not just the /Contents hex string`);
    return;
  }
  if (!isStr(contents) || contents.start !== gapStart || contents.end !== gapEnd) {
    out.anomalies.push('the unsigned gap is not the /Contents of this signature dictionary (dictionary replaced or moved)');
  }
}

function locateRevision(doc: PdfDocument, out: Coverage): void {
  const revs = doc.revisions;
  const exact = revs.findIndex((r) => out.end >= r.markerEnd && out.end <= r.endOffset);
  if (exact >= 0) {
    out.revision = exact;
    out.endsAtRevision = true;
    return;
  }
  let best = 0;
  revs.forEach((r, i) => { if (r.endOffset <= out.end) best = i; });
  out.revision = best;
  out.anomalies.push(`the signed bytes end at offset ${out.end}, which is not the end of a revision (%%EOF)`);
}

export function coveredParts(doc: PdfDocument, c: Coverage): Uint8Array[] {
  return c.ranges.map(([s, l]) => doc.bytes.subarray(s, s + l));
}
