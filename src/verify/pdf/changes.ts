import type { PdfDocument } from './document';
import { changedKeys, dictOf, isName, isRef, sameValue, type PdfDict, type PdfValue } from './objects';
import { computeRoles, reachableFrom, type RoleMap } from './roles';

/**
 * What one incremental update changed, object by object, relative to the revision before it.
 * Each change gets a category; whether it is allowed depends on the signature being judged
 * (its DocMDP level), so the categories are computed once per revision and judged later.
 */
export type ChangeCategory = 'signature' | 'form-fill' | 'annotation' | 'dss' | 'metadata' | 'other';

export interface Change {
  object: number | null;
  category: ChangeCategory;
  description: string;
}

const FORM_KEYS = new Set(['V', 'AP', 'AS', 'MK']);
const ACROFORM_KEYS = new Set(['Fields', 'SigFlags', 'DR', 'DA', 'NeedAppearances']);
const CATALOG_KEYS: Record<string, ChangeCategory> = { AcroForm: 'signature', DSS: 'dss', Extensions: 'dss', Metadata: 'metadata', Version: 'dss' };
const STRUCTURAL_TYPES = new Set(['XRef', 'ObjStm']);

interface Ctx {
  doc: PdfDocument;
  rev: number;
  old: RoleMap;
  neu: RoleMap;
  oldReach?: Set<number>;
}

export function revisionChanges(doc: PdfDocument, rev: number, rolesOf: (r: number) => RoleMap): Change[] {
  if (rev === 0) return [];
  const ctx: Ctx = { doc, rev, old: rolesOf(rev - 1), neu: rolesOf(rev) };
  const out: Change[] = trailerChanges(ctx);
  for (const [num, e] of doc.revisions[rev].entries) {
    if (num === 0) continue;
    const before = doc.getObject(num, rev - 1);
    if (before === undefined) continue; // a new object matters only through what references it
    const after = e.type === 'f' ? undefined : doc.getObject(num, rev);
    if (after !== undefined && sameValue(before, after, doc.bytes)) continue;
    const c = classify(ctx, num, before, after);
    if (c) out.push(c);
  }
  return out;
}

function trailerChanges(ctx: Ctx): Change[] {
  const a = ctx.doc.revisions[ctx.rev - 1].trailer.map;
  const b = ctx.doc.revisions[ctx.rev].trailer.map;
  const out: Change[] = [];
  if (!sameValue(a.get('Root') ?? null, b.get('Root') ?? null, ctx.doc.bytes)) out.push({ object: null, category: 'other', description: 'trailer /Root now points to a different catalog' });
  if (!a.has('Encrypt') && b.has('Encrypt')) out.push({ object: null, category: 'other', description: 'encryption added after signing' });
  return out;
}

function classify(ctx: Ctx, num: number, before: PdfValue, after: PdfValue | undefined): Change | null {
  const bd = dictOf(before);
  const type = bd?.map.get('Type');
  if (isName(type) && STRUCTURAL_TYPES.has(type.v)) return null;
  const role = ctx.old.roles.get(num) ?? ctx.neu.roles.get(num);
  const other = (description: string): Change => ({ object: num, category: 'other', description });
  if (after === undefined) return isReachableBefore(ctx, num) ? other(`object ${num} deleted`) : null;
  const ad = dictOf(after);
  switch (role) {
    case 'catalog': return catalogChange(ctx, num, bd, ad);
    case 'acroform': return acroFormChange(ctx, num, bd, ad);
    case 'fields-array': return arrayGrowth(ctx, num, before, after, 'form field list');
    case 'sig-field': return sigFieldChange(ctx, num, bd, ad);
    case 'field': return keysWithin(bd, ad, FORM_KEYS, ctx) && !clobbersSharedAppearance(ctx, num, bd, ad) ? { object: num, category: 'form-fill', description: `form field ${num} filled` } : other(`form field ${num} changed beyond its value`);
    case 'widget': return widgetChange(ctx, num, bd, ad);
    case 'page': return pageChange(ctx, num, bd, ad);
    case 'annots': return arrayGrowth(ctx, num, before, after, 'annotation list');
    case 'annot': return { object: num, category: 'annotation', description: `annotation ${num} changed` };
    case 'sig-value': return other(`signature dictionary ${num} replaced (e.g. its /Reason or /M)`);
    case 'pages': return pagesNodeChange(ctx, num, bd, ad);
    case 'dss': return { object: num, category: 'dss', description: `validation data ${num} updated` };
    case 'info': case 'metadata': return { object: num, category: 'metadata', description: `document metadata ${num} updated` };
    case 'appearance': return other(`appearance stream ${num} replaced`);
    default:
      if (!isReachableBefore(ctx, num)) return null;
      return other(`object ${num}${isName(type) ? ` (${type.v})` : ''} replaced with different content`);
  }
}

function isReachableBefore(ctx: Ctx, num: number): boolean {
  if (ctx.old.roles.has(num)) return true;
  ctx.oldReach ??= reachableFrom(ctx.doc, ctx.rev - 1, [...ctx.doc.revisions[ctx.rev - 1].trailer.map.values()]);
  return ctx.oldReach.has(num);
}

function keysWithin(a: PdfDict | undefined, b: PdfDict | undefined, allowed: Set<string>, ctx: Ctx): boolean {
  if (!a || !b) return false;
  return changedKeys(a, b, ctx.doc.bytes).every((k) => allowed.has(k));
}

function catalogChange(ctx: Ctx, num: number, a?: PdfDict, b?: PdfDict): Change {
  if (!a || !b) return { object: num, category: 'other', description: 'catalog replaced' };
  const keys = changedKeys(a, b, ctx.doc.bytes);
  // /Perms may be added by a certification signature; changing or removing it is not signing.
  const permsAdded = !a.map.has('Perms') && b.map.has('Perms');
  const bad = keys.filter((k) => !(k in CATALOG_KEYS) && !(k === 'Perms' && permsAdded));
  if (bad.length) return { object: num, category: 'other', description: `catalog changed: /${bad.join(', /')}` };
  if (permsAdded) return { object: num, category: 'signature', description: `catalog updated for a certification signature: /${keys.join(', /')}` };
  if (keys.includes('AcroForm') && isDictValue(a.map.get('AcroForm')) && !keysWithin(dictOf(a.map.get('AcroForm')), dictOf(b.map.get('AcroForm')), ACROFORM_KEYS, ctx)) {
    return { object: num, category: 'other', description: 'interactive form dictionary changed beyond signing' };
  }
  const cat = keys.map((k) => CATALOG_KEYS[k]).find((c) => c === 'signature') ?? CATALOG_KEYS[keys[0]] ?? 'metadata';
  return { object: num, category: cat, description: `catalog updated: /${keys.join(', /')}` };
}

const isDictValue = (v: PdfValue | undefined) => !!v && !isRef(v) && !!dictOf(v);

function acroFormChange(ctx: Ctx, num: number, a?: PdfDict, b?: PdfDict): Change {
  if (!keysWithin(a, b, ACROFORM_KEYS, ctx)) return { object: num, category: 'other', description: 'interactive form dictionary changed beyond signing' };
  return { object: num, category: 'signature', description: 'interactive form updated for signing' };
}

/** An array (field list, annotation list) may only grow, and only with signature fields or annotations. */
function arrayGrowth(ctx: Ctx, num: number, before: PdfValue, after: PdfValue, what: string): Change {
  const oldArr = ctx.doc.resolve(before, ctx.rev - 1);
  const newArr = ctx.doc.resolve(after, ctx.rev);
  if (!Array.isArray(oldArr) || !Array.isArray(newArr)) return { object: num, category: 'other', description: `${what} ${num} replaced` };
  const newRefs = new Set(newArr.filter(isRef).map((r) => r.num));
  const removed = oldArr.filter((r) => isRef(r) && !newRefs.has(r.num));
  if (removed.length) return { object: num, category: 'other', description: `${what} ${num}: ${removed.length} entr${removed.length === 1 ? 'y' : 'ies'} removed` };
  const oldRefs = new Set(oldArr.filter(isRef).map((r) => r.num));
  const added = newArr.filter((r) => isRef(r) && !oldRefs.has(r.num)) as { num: number }[];
  return worst(added.map((r) => addedEntry(ctx, r.num)), { object: num, category: 'signature', description: `${what} ${num} extended` });
}

function addedEntry(ctx: Ctx, n: number): Change {
  if (ctx.neu.sigFieldNums.has(n) || ctx.neu.sigFieldNums.has(ctx.neu.widgetField.get(n) ?? -1)) return { object: n, category: 'signature', description: `signature field ${n} added` };
  const d = ctx.doc.dict({ t: 'ref', num: n, gen: 0 }, ctx.rev);
  if (d && !isName(d.map.get('Subtype'), 'Widget') && d.map.has('Subtype')) {
    const st = d.map.get('Subtype');
    return { object: n, category: 'annotation', description: `annotation ${n} (${isName(st) ? st.v : '?'}) added` };
  }
  return { object: n, category: 'other', description: `form field or widget ${n} added` };
}

const RANK: Record<ChangeCategory, number> = { other: 5, annotation: 4, 'form-fill': 3, signature: 2, dss: 1, metadata: 0 };

function worst(changes: Change[], dflt: Change): Change {
  return changes.reduce((w, c) => (RANK[c.category] > RANK[w.category] ? { ...c, object: dflt.object, description: `${dflt.description}: ${c.description}` } : w), dflt);
}

function sigFieldChange(ctx: Ctx, num: number, a?: PdfDict, b?: PdfDict): Change {
  if (!a || !b) return { object: num, category: 'other', description: `signature field ${num} replaced` };
  const keys = changedKeys(a, b, ctx.doc.bytes);
  const wasSigned = ctx.old.signedFields.has(num);
  if (wasSigned && keys.includes('V')) return { object: num, category: 'other', description: `signature field ${num}: its signature value was replaced` };
  if (clobbersSharedAppearance(ctx, num, a, b)) return { object: num, category: 'other', description: `signature field ${num}: replaced an appearance shared with other objects` };
  if (!wasSigned && keys.every((k) => FORM_KEYS.has(k) || k === 'F' || k === 'P')) return { object: num, category: 'signature', description: `empty signature field ${num} signed` };
  return { object: num, category: 'other', description: `signature field ${num} changed: /${keys.join(', /')}` };
}

function widgetChange(ctx: Ctx, num: number, a?: PdfDict, b?: PdfDict): Change {
  const field = ctx.old.widgetField.get(num) ?? ctx.neu.widgetField.get(num);
  const isSig = field !== undefined && ctx.neu.sigFieldNums.has(field);
  const signedBefore = field !== undefined && ctx.old.signedFields.has(field);
  if (keysWithin(a, b, FORM_KEYS, ctx) && !(isSig && signedBefore) && !clobbersSharedAppearance(ctx, num, a, b)) {
    return { object: num, category: isSig ? 'signature' : 'form-fill', description: `widget ${num} appearance updated` };
  }
  return { object: num, category: 'other', description: `widget annotation ${num} changed` };
}

function pageChange(ctx: Ctx, num: number, a?: PdfDict, b?: PdfDict): Change {
  const page = ctx.old.pageNumber.get(num) ?? '?';
  if (!a || !b) return { object: num, category: 'other', description: `page ${page} replaced` };
  const keys = changedKeys(a, b, ctx.doc.bytes);
  const bad = keys.filter((k) => k !== 'Annots');
  if (bad.length) return { object: num, category: 'other', description: `page ${page} changed: /${bad.join(', /')}` };
  return arrayGrowth(ctx, num, a.map.get('Annots') ?? [], b.map.get('Annots') ?? [], `page ${page} annotations`);
}

/** Keys of a page-tree node that affect what is shown; others (private data such as iText's /ITXT) do not. */
const PAGES_KEYS = new Set(['Kids', 'Count', 'Parent', 'Resources', 'MediaBox', 'CropBox', 'Rotate', 'Type']);

function pagesNodeChange(ctx: Ctx, num: number, a?: PdfDict, b?: PdfDict): Change {
  const keys = a && b ? changedKeys(a, b, ctx.doc.bytes) : ['Kids'];
  const visible = keys.filter((k) => PAGES_KEYS.has(k));
  if (visible.length) return { object: num, category: 'other', description: `page tree node ${num} changed (/${visible.join(', /')}: pages added, removed or reordered)` };
  return { object: num, category: 'metadata', description: `page tree node ${num}: private keys /${keys.join(', /')} changed` };
}

/**
 * An /AP that was an indirect object referenced from elsewhere too (another field, the trailer)
 * must not be swapped out: the change is then not confined to this field (pyHanko's rule).
 */
function clobbersSharedAppearance(ctx: Ctx, num: number, a?: PdfDict, b?: PdfDict): boolean {
  const oldAp = a?.map.get('AP');
  if (!isRef(oldAp) || !b || sameValue(oldAp, b.map.get('AP') ?? null, ctx.doc.bytes)) return false;
  return isReferencedElsewhere(ctx.doc, ctx.rev - 1, oldAp.num, num);
}

function isReferencedElsewhere(doc: PdfDocument, rev: number, target: number, except: number): boolean {
  const hits = (v: PdfValue | undefined, depth = 0): boolean => {
    if (!v || typeof v !== 'object' || depth > 32) return false;
    if (Array.isArray(v)) return v.some((x) => hits(x, depth + 1));
    if (v.t === 'ref') return v.num === target;
    const d = dictOf(v);
    return !!d && [...d.map.values()].some((x) => hits(x, depth + 1));
  };
  if ([...doc.revisions[rev].trailer.map.values()].some((v) => hits(v))) return true;
  for (const n of reachableFrom(doc, rev, [...doc.revisions[rev].trailer.map.values()])) {
    if (n !== except && n !== target && hits(doc.getObject(n, rev))) return true;
  }
  return false;
}
