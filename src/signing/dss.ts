import { PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef, type PDFDocument } from 'pdf-lib';
import { InvalidInputError } from '../shared/errors';
import { openForUpdate, registerStream, writeUpdate } from './incremental';

/**
 * PAdES B-LT: the Document Security Store (ETSI EN 319 142-1 §5.4, ISO 32000-2 §12.8.4.3) —
 * certificates, CRLs and OCSP responses a verifier needs later, appended in their own
 * incremental update after the signatures, so no signature's byte range changes. A DSS
 * already present is extended (its arrays keep the earlier entries; data already there is not
 * stored twice). `vri` adds per-signature /VRI entries pointing at the same streams.
 */

export interface ValidationMaterial {
  certs?: Uint8Array[];
  crls?: Uint8Array[];
  /** DER OCSPResponse (the whole response, as ETSI asks). */
  ocsps?: Uint8Array[];
}

const KEYS = { certs: 'Certs', crls: 'CRLs', ocsps: 'OCSPs' } as const;

const VRI_KEYS = { certs: 'Cert', crls: 'CRL', ocsps: 'OCSP' } as const;

export async function addDss(pdf: Uint8Array, m: ValidationMaterial & { vri?: Map<string, ValidationMaterial> }): Promise<Uint8Array> {
  const total = (m.certs?.length ?? 0) + (m.crls?.length ?? 0) + (m.ocsps?.length ?? 0);
  if (total === 0) throw new InvalidInputError('empty_dss', 'addDss needs at least one certificate, CRL or OCSP response');
  const opened = await openForUpdate(pdf);
  const { doc } = opened;
  const { dss, owner } = dssOf(doc);
  const refs = new Map<string, PDFRef>();
  for (const [field, key] of Object.entries(KEYS) as [keyof ValidationMaterial, string][]) {
    const items = dedupe(m[field] ?? []);
    if (!items.length) continue;
    const arr = arrayIn(doc, dss, key);
    const known = storedRefs(doc, arr);
    for (const der of items) {
      const k = b64(der);
      let ref = known.get(k);
      if (!ref) arr.push((ref = registerStream(doc, {}, der)));
      refs.set(k, ref);
    }
  }
  if (m.vri?.size) addVri(doc, dss, m.vri, refs);
  return writeUpdate(opened, [owner]).bytes;
}

/** /VRI: per signature (keyed by the SHA-1 of its CMS), references into the DSS streams. */
function addVri(doc: PDFDocument, dss: PDFDict, vri: Map<string, ValidationMaterial>, refs: Map<string, PDFRef>): void {
  const existing = dss.lookup(PDFName.of('VRI'));
  const dict = doc.context.obj({});
  if (existing instanceof PDFDict) for (const [k, v] of existing.entries()) dict.set(k, v);
  for (const [key, material] of vri) {
    const entry = doc.context.obj({});
    for (const [field, name] of Object.entries(VRI_KEYS) as [keyof ValidationMaterial, string][]) {
      const items = dedupe(material[field] ?? []).flatMap((d) => refs.get(b64(d)) ?? []);
      if (items.length) entry.set(PDFName.of(name), doc.context.obj(items));
    }
    dict.set(PDFName.of(key), entry);
  }
  dss.set(PDFName.of('VRI'), dict);
}

/** Streams already in a DSS array, by their (unfiltered) bytes. */
function storedRefs(doc: PDFDocument, arr: PDFArray): Map<string, PDFRef> {
  const out = new Map<string, PDFRef>();
  for (const o of arr.asArray()) {
    const s = o instanceof PDFRef ? doc.context.lookup(o) : undefined;
    if (s instanceof PDFRawStream && !s.dict.get(PDFName.of('Filter'))) out.set(b64(s.contents), o as PDFRef);
  }
  return out;
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

/** The catalog's /DSS, and which object must be rewritten to change it. */
function dssOf(doc: PDFDocument): { dss: PDFDict; owner: PDFRef } {
  const raw = doc.catalog.get(PDFName.of('DSS'));
  if (raw instanceof PDFRef) return { dss: doc.context.lookup(raw, PDFDict), owner: raw };
  const root = doc.context.trailerInfo.Root as PDFRef;
  if (raw instanceof PDFDict) return { dss: raw, owner: root };
  // A new indirect DSS: the catalog gains one reference and later DSS updates rewrite only the DSS.
  const ref = doc.context.register(doc.context.obj({ Type: 'DSS' }));
  doc.catalog.set(PDFName.of('DSS'), ref);
  return { dss: doc.context.lookup(ref, PDFDict), owner: root };
}

/** An array entry of the DSS, copied to a direct array so the DSS object alone is rewritten. */
function arrayIn(doc: PDFDocument, dss: PDFDict, key: string): PDFArray {
  const existing = dss.lookup(PDFName.of(key));
  const arr = doc.context.obj([]);
  if (existing instanceof PDFArray) existing.asArray().forEach((o) => arr.push(o));
  dss.set(PDFName.of(key), arr);
  return arr;
}

function dedupe(items: Uint8Array[]): Uint8Array[] {
  const seen = new Set<string>();
  return items.filter((b) => {
    const k = b64(b);
    return seen.has(k) ? false : (seen.add(k), true);
  });
}
