import { latin1, utf16be, utf8 } from '../bytes';
import type { PdfDocument } from './document';
import { isName, isRef, isStr, type PdfDict, type PdfValue } from './objects';

/**
 * Form fields of one revision, walked from the catalog's /AcroForm /Fields through /Kids.
 * Each node is visited once (a /Kids–/Parent loop cannot hang the walk) and the walk stops at
 * a fixed number of nodes.
 */
export interface FieldInfo {
  name: string;
  /** Object number of the field dictionary, when indirect. */
  num?: number;
  type: string | null;
  dict: PdfDict;
  /** The value: for a signature field, the signature dictionary (resolved). */
  value?: PdfDict;
  valueNum?: number;
  /** Widget annotations of this field (itself when merged) by object number. */
  widgets: number[];
}

const MAX_FIELDS = 20_000;

export function listFields(doc: PdfDocument, rev = doc.last): FieldInfo[] {
  const acro = doc.dict(doc.catalog(rev)?.map.get('AcroForm'), rev);
  const roots = doc.resolve(acro?.map.get('Fields'), rev);
  const out: FieldInfo[] = [];
  const seen = new Set<number>();
  const stack: { v: PdfValue; prefix: string; ft: string | null; depth: number }[] = [];
  if (Array.isArray(roots)) for (const r of [...roots].reverse()) stack.push({ v: r, prefix: '', ft: null, depth: 0 });
  let visited = 0;
  while (stack.length && visited++ < MAX_FIELDS) {
    const { v, prefix, ft, depth } = stack.pop() as (typeof stack)[number];
    if (isRef(v)) {
      if (seen.has(v.num)) continue;
      seen.add(v.num);
    }
    const d = doc.dict(v, rev);
    if (!d || depth > 64) continue;
    const t = d.map.get('T');
    const part = isStr(t) ? pdfText(t.bytes) : '';
    const name = part ? (prefix ? `${prefix}.${part}` : part) : prefix;
    const ftv = d.map.get('FT');
    const type = isName(ftv) ? ftv.v : ft;
    const kids = doc.resolve(d.map.get('Kids'), rev);
    const fieldKids = Array.isArray(kids) ? kids.filter((k) => isFieldNode(doc, k, rev)) : [];
    if (fieldKids.length) {
      for (const k of [...fieldKids].reverse()) stack.push({ v: k, prefix: name, ft: type, depth: depth + 1 });
      continue;
    }
    const widgets = Array.isArray(kids) ? kids.filter(isRef).map((k) => k.num) : [];
    if (isRef(v) && isName(d.map.get('Subtype'), 'Widget')) widgets.push(v.num);
    const rawV = d.map.get('V');
    out.push({ name, num: isRef(v) ? v.num : undefined, type, dict: d, value: doc.dict(rawV, rev), valueNum: isRef(rawV) ? rawV.num : undefined, widgets });
  }
  return out;
}

/** A kid is a field (not only a widget) when it has a partial name or kids of its own. */
function isFieldNode(doc: PdfDocument, k: PdfValue, rev: number): boolean {
  const d = doc.dict(k, rev);
  return !!d && (d.map.has('T') || d.map.has('Kids'));
}

export function signatureFields(doc: PdfDocument, rev = doc.last): FieldInfo[] {
  return listFields(doc, rev).filter((f) => f.type === 'Sig' && !!f.value && (f.value.map.has('ByteRange') || f.value.map.has('Contents')));
}

/** PDF text strings: UTF-16BE with a BOM, else PDFDocEncoding (Latin-1 is close enough here). NFC. */
export function pdfText(b: Uint8Array): string {
  let s: string;
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    s = utf16be(b.subarray(2));
  } else if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) s = utf8(b.subarray(3));
  else s = latin1(b);
  return s.normalize('NFC');
}

export function textOf(v: PdfValue | undefined): string | null {
  return isStr(v) ? pdfText(v.bytes) : null;
}

