import { lastIndexOfBytes, latin1Bytes } from '../bytes';
import { Lexer, indexOf, type PdfDict, type PdfValue } from './objects';
import type { XrefEntry, XrefSection } from './xref';

/** Where revisions (incremental updates) begin and end: `%%EOF` markers and the sections they close. */

/** One revision: the sections closed by one `%%EOF`, as PdfDocument reads them. */
export interface Revision {
  index: number;
  /** Offset of the newest cross-reference section of this revision. */
  startxref: number;
  /** Offset just past `%%EOF` (and its end-of-line) that closes this revision. */
  endOffset: number;
  /** Offset just past `%%EOF` itself, without the end-of-line. */
  markerEnd: number;
  /** Objects (re)defined or freed by this revision's sections. */
  entries: Map<number, XrefEntry>;
  trailer: PdfDict;
  /** Objects after the last %%EOF with no cross-reference section: a truncated or hidden update. */
  incomplete?: boolean;
}

export interface EofMarker {
  markerEnd: number;
  end: number;
  startxref?: number;
}

const MAX_EOF = 10_000;
const EOF = latin1Bytes('%%EOF');
const STARTXREF = latin1Bytes('startxref');

/** The `%%EOF` markers in file order, each with the `startxref` just before it. */
export function findEofMarkers(bytes: Uint8Array): EofMarker[] {
  const out: EofMarker[] = [];
  for (let p = indexOf(bytes, EOF); p >= 0 && out.length < MAX_EOF; p = indexOf(bytes, EOF, p + 5)) {
    const markerEnd = p + 5;
    let end = markerEnd;
    if (bytes[end] === 13) end++;
    if (bytes[end] === 10) end++;
    // Only the 64 bytes before the marker: a search back to the start for each of thousands
    // of markers would be quadratic.
    const from = Math.max(0, p - 64);
    const sx = lastIndexOfBytes(bytes.subarray(from, p), STARTXREF);
    const startxref = sx >= 0 ? Number(new Lexer(bytes, from + sx + 9).word()) : undefined;
    out.push({ markerEnd, end, startxref: Number.isInteger(startxref) ? startxref : undefined });
  }
  return out;
}

/** Each revision is the group of sections closed by the same `%%EOF`. */
export function groupRevisions(bytes: Uint8Array, sections: XrefSection[], markers: EofMarker[]): Revision[] {
  const revs: Revision[] = [];
  const byEnd = new Map<number, Revision>();
  let mi = 0;
  // Sections and markers are both in file order: one walk pairs them.
  for (const s of sections) {
    while (mi < markers.length && markers[mi].markerEnd <= s.offset) mi++;
    const m = markers[mi];
    const end = m?.end ?? bytes.length;
    let r = byEnd.get(end);
    if (!r) {
      // The first section's map becomes the revision's (sections are not used after this).
      r = { index: revs.length, startxref: s.offset, endOffset: end, markerEnd: m?.markerEnd ?? end, entries: s.entries, trailer: s.trailer };
      revs.push(r);
      byEnd.set(end, r);
    } else for (const [n, e] of s.entries) r.entries.set(n, e);
    r.startxref = s.offset;
    // Keep the newest trailer that still names the catalog (linearized first-page trailers do).
    if (s.trailer.map.has('Root') || !r.trailer.map.has('Root')) r.trailer = mergeTrailer(r.trailer, s.trailer);
  }
  for (let i = 1; i < revs.length; i++) {
    if (!revs[i].trailer.map.has('Root') && revs[i - 1].trailer.map.has('Root')) {
      revs[i].trailer.map.set('Root', revs[i - 1].trailer.map.get('Root') as PdfValue);
    }
  }
  return revs;
}

function mergeTrailer(older: PdfDict, newer: PdfDict): PdfDict {
  return { t: 'dict', map: new Map([...older.map, ...newer.map]) };
}
