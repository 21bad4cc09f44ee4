import type { PdfDocument } from './document';
import { listFields } from './fields';
import { dictOf, isName, isRef, isStream, type PdfValue } from './objects';

/**
 * What each indirect object *is* in one revision (catalog, page, field, signature value, DSS
 * data…), so that a change to it can be judged: filling an empty signature field is allowed,
 * rewriting a page's content is not. Walks are bounded and visit each object once.
 */
export type Role =
  | 'catalog' | 'pages' | 'page' | 'annots' | 'annot' | 'widget' | 'appearance'
  | 'acroform' | 'fields-array' | 'field' | 'sig-field' | 'sig-value'
  | 'dss' | 'info' | 'metadata' | 'perms';

export interface RoleMap {
  roles: Map<number, Role>;
  /** Object number of each signature field whose value is set, and of its widgets. */
  signedFields: Set<number>;
  /** Widget object number → field object number (or itself when merged). */
  widgetField: Map<number, number>;
  sigFieldNums: Set<number>;
  pageNumber: Map<number, number>;
}

const MAX_NODES = 200_000;

export function computeRoles(doc: PdfDocument, rev: number): RoleMap {
  const m: RoleMap = { roles: new Map(), signedFields: new Set(), widgetField: new Map(), sigFieldNums: new Set(), pageNumber: new Map() };
  const set = (v: PdfValue | undefined, role: Role) => {
    if (isRef(v) && !m.roles.has(v.num)) m.roles.set(v.num, role);
  };
  const trailer = doc.revisions[rev].trailer;
  set(trailer.map.get('Root'), 'catalog');
  set(trailer.map.get('Info'), 'info');
  const cat = doc.catalog(rev);
  if (!cat) return m;
  set(cat.map.get('Metadata'), 'metadata');
  set(cat.map.get('Perms'), 'perms');
  fieldRoles(doc, rev, m, set);
  pageRoles(doc, rev, cat.map.get('Pages'), m, set);
  for (const n of reachableFrom(doc, rev, [cat.map.get('DSS')])) if (!m.roles.has(n)) m.roles.set(n, 'dss');
  return m;
}

function fieldRoles(doc: PdfDocument, rev: number, m: RoleMap, set: (v: PdfValue | undefined, r: Role) => void): void {
  const acroRef = doc.catalog(rev)?.map.get('AcroForm');
  set(acroRef, 'acroform');
  set(doc.dict(acroRef, rev)?.map.get('Fields'), 'fields-array');
  for (const f of listFields(doc, rev)) {
    if (f.num === undefined) continue;
    const isSig = f.type === 'Sig';
    m.roles.set(f.num, isSig ? 'sig-field' : 'field');
    if (isSig) m.sigFieldNums.add(f.num);
    if (isSig && f.value) m.signedFields.add(f.num);
    if (isSig && f.valueNum !== undefined) m.roles.set(f.valueNum, 'sig-value');
    for (const w of f.widgets) {
      m.widgetField.set(w, f.num);
      if (w !== f.num) m.roles.set(w, 'widget');
    }
  }
}

function pageRoles(doc: PdfDocument, rev: number, root: PdfValue | undefined, m: RoleMap, set: (v: PdfValue | undefined, r: Role) => void): void {
  const stack: (PdfValue | undefined)[] = [root];
  const seen = new Set<number>();
  let pageNo = 0;
  while (stack.length && seen.size < MAX_NODES) {
    const v = stack.pop();
    if (!isRef(v) || seen.has(v.num)) continue;
    seen.add(v.num);
    const d = doc.dict(v, rev);
    if (!d) continue;
    const kids = doc.resolve(d.map.get('Kids'), rev);
    if (isName(d.map.get('Type'), 'Pages') || Array.isArray(kids)) {
      set(v, 'pages');
      if (Array.isArray(kids)) for (const k of [...kids].reverse()) stack.push(k);
      continue;
    }
    set(v, 'page');
    m.pageNumber.set(v.num, ++pageNo);
    const annotsRaw = d.map.get('Annots');
    set(annotsRaw, 'annots');
    const annots = doc.resolve(annotsRaw, rev);
    for (const a of Array.isArray(annots) ? annots : []) {
      const ad = doc.dict(a, rev);
      if (!isRef(a) || !ad) continue;
      set(a, isName(ad.map.get('Subtype'), 'Widget') ? 'widget' : 'annot');
      const ap = doc.dict(ad.map.get('AP'), rev);
      for (const k of ['N', 'R', 'D']) {
        const x = ap?.map.get(k);
        set(x, 'appearance');
        const sub = doc.resolve(x, rev);
        if (!isStream(sub)) for (const [, s] of dictOf(sub)?.map ?? []) set(s, 'appearance');
      }
    }
  }
}

/** Object numbers reachable from `roots` (refs only), bounded. */
export function reachableFrom(doc: PdfDocument, rev: number, roots: (PdfValue | undefined)[]): Set<number> {
  const seen = new Set<number>();
  const stack: PdfValue[] = roots.filter((r): r is PdfValue => r !== undefined);
  let steps = 0;
  while (stack.length && steps++ < MAX_NODES * 4) {
    const v = stack.pop() as PdfValue;
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) { stack.push(...v); continue; }
    if (v.t === 'ref') {
      if (seen.has(v.num) || seen.size >= MAX_NODES) continue;
      seen.add(v.num);
      const o = doc.getObject(v.num, rev);
      if (o !== undefined) stack.push(o);
    } else if (v.t === 'dict') stack.push(...v.map.values());
    else if (v.t === 'stream') stack.push(...v.dict.map.values());
  }
  return seen;
}
