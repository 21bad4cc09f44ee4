import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef, PDFString, PDFHexString } from 'pdf-lib';
import { InvalidInputError, NotFoundError, UnprocessableError } from '../shared/errors';

/**
 * Signature fields (ISO 32000-1 §12.7.4.5). The result document gets its EMPTY fields
 * (leader's, seal's) when it is made, before anything is signed: filling a field that already
 * exists is a change DocMDP P=2 allows, adding a field or widget after the lock is not.
 * Fields here are merged field/widget dictionaries, one widget each.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FieldSpec {
  name: string;
  /** 0-based page index (as src/slips' signatureBoxes give it). */
  page: number;
  rect: Rect;
}

const SIG_FLAGS = 3; // SignaturesExist | AppendOnly: tells viewers to save incrementally

export function assertRect(r: Rect, what = 'rect'): void {
  const ok = [r?.x, r?.y, r?.width, r?.height].every((v) => typeof v === 'number' && Number.isFinite(v));
  if (!ok || r.width < 0 || r.height < 0) throw new InvalidInputError('invalid_rect', `${what} must be finite numbers x,y,width,height with width, height ≥ 0`);
}

/** The catalog's AcroForm, created (direct in the catalog) when absent. Returns what to rewrite. */
export function acroFormOf(doc: PDFDocument): { form: PDFDict; owner: PDFRef } {
  const catalog = doc.catalog;
  const raw = catalog.get(PDFName.of('AcroForm'));
  if (raw instanceof PDFRef) return { form: doc.context.lookup(raw, PDFDict), owner: raw };
  let form = raw instanceof PDFDict ? raw : undefined;
  if (!form) {
    form = doc.context.obj({ Fields: [] });
    catalog.set(PDFName.of('AcroForm'), form);
  }
  return { form, owner: doc.context.trailerInfo.Root as PDFRef };
}

/** The /Fields array, whose owner object must be rewritten when it changes. */
function fieldsArray(doc: PDFDocument, form: PDFDict, formOwner: PDFRef): { fields: PDFArray; owner: PDFRef } {
  const raw = form.get(PDFName.of('Fields'));
  if (raw instanceof PDFRef) return { fields: doc.context.lookup(raw, PDFArray), owner: raw };
  if (raw instanceof PDFArray) return { fields: raw, owner: formOwner };
  const fields = doc.context.obj([]);
  form.set(PDFName.of('Fields'), fields);
  return { fields, owner: formOwner };
}

export function fieldName(dict: PDFDict): string | undefined {
  const t = dict.get(PDFName.of('T'));
  return t instanceof PDFString || t instanceof PDFHexString ? t.decodeText() : undefined;
}

/** Top-level signature fields by name, with their refs. */
export function signatureFields(doc: PDFDocument): Map<string, { ref: PDFRef; dict: PDFDict }> {
  const out = new Map<string, { ref: PDFRef; dict: PDFDict }>();
  const raw = doc.catalog.lookup(PDFName.of('AcroForm'));
  if (!(raw instanceof PDFDict)) return out;
  const fields = raw.lookup(PDFName.of('Fields'));
  if (!(fields instanceof PDFArray)) return out;
  for (const ref of fields.asArray()) {
    if (!(ref instanceof PDFRef)) continue;
    const dict = doc.context.lookup(ref);
    if (!(dict instanceof PDFDict) || dict.get(PDFName.of('FT')) !== PDFName.of('Sig')) continue;
    const name = fieldName(dict);
    if (name !== undefined) out.set(name, { ref, dict });
  }
  return out;
}

/**
 * Creates one empty signature field+widget in memory and links it into the page's /Annots and
 * the AcroForm. Returns the refs of existing objects that changed, for the update writer.
 */
export function createSignatureField(doc: PDFDocument, spec: FieldSpec): { ref: PDFRef; changed: PDFRef[] } {
  assertRect(spec.rect);
  if (!spec.name || /[.]/.test(spec.name)) throw new InvalidInputError('invalid_field_name', `signature field name '${spec.name}' must be non-empty and without '.'`);
  if (signatureFields(doc).has(spec.name)) throw new InvalidInputError('duplicate_field', `the PDF already has a signature field '${spec.name}'`);
  const pages = doc.getPages();
  const page = pages[spec.page];
  if (!Number.isInteger(spec.page) || !page) throw new InvalidInputError('invalid_page', `page index ${spec.page} does not exist (the PDF has ${pages.length} pages)`);
  const { x, y, width, height } = spec.rect;
  const ref = doc.context.register(
    doc.context.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      T: PDFHexString.fromText(spec.name),
      Rect: [x, y, x + width, y + height],
      F: 4, // Print
      P: page.ref,
    }),
  );
  const changed = new Set<PDFRef>();
  const annots = page.node.get(PDFName.of('Annots'));
  if (annots instanceof PDFRef) {
    doc.context.lookup(annots, PDFArray).push(ref);
    changed.add(annots);
  } else {
    if (annots instanceof PDFArray) annots.push(ref);
    else page.node.set(PDFName.of('Annots'), doc.context.obj([ref]));
    changed.add(page.ref);
  }
  const { form, owner } = acroFormOf(doc);
  form.set(PDFName.of('SigFlags'), PDFNumber.of(SIG_FLAGS));
  changed.add(owner);
  const f = fieldsArray(doc, form, owner);
  f.fields.push(ref);
  changed.add(f.owner);
  return { ref, changed: [...changed] };
}

/** The named field, refusing one that is already signed (a signature field is filled once). */
export function emptySignatureField(doc: PDFDocument, name: string): { ref: PDFRef; dict: PDFDict } {
  const field = signatureFields(doc).get(name);
  if (!field) throw new NotFoundError('signature_field_not_found', `the PDF has no signature field '${name}'`);
  if (field.dict.get(PDFName.of('V'))) throw new UnprocessableError('field_already_signed', `signature field '${name}' is already signed`);
  if (!field.dict.get(PDFName.of('Rect'))) throw new UnprocessableError('field_without_widget', `signature field '${name}' has no widget`);
  return field;
}

/** Page index (0-based) a widget sits on, from /P or by searching /Annots. */
export function pageIndexOf(doc: PDFDocument, widget: PDFRef, dict: PDFDict): number {
  const p = dict.get(PDFName.of('P'));
  const pages = doc.getPages();
  const byP = pages.findIndex((pg) => pg.ref === p);
  if (byP >= 0) return byP;
  const found = pages.findIndex((pg) => pg.node.Annots()?.asArray().some((a) => a === widget));
  return Math.max(0, found);
}

/**
 * Adds the empty signature fields once, when the result document is made. A whole save is
 * fine here (nothing is signed yet); no object or xref streams so later updates stay classic.
 */
export async function addSignatureFields(pdf: Uint8Array, fields: FieldSpec[]): Promise<Uint8Array> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false });
  } catch (e) {
    throw new UnprocessableError('bad_pdf', `the PDF cannot be read: ${(e as Error).message}`);
  }
  for (const f of fields) createSignatureField(doc, f);
  return doc.save({ useObjectStreams: false });
}
