import { PDFArray, PDFDict, PDFName, PDFRef, type PDFDocument } from 'pdf-lib';
import { InvalidInputError } from '../shared/errors';
import { openForUpdate, registerStream, writeUpdate } from './incremental';

/**
 * PAdES B-LT: the Document Security Store (ETSI EN 319 142-1 §5.4, ISO 32000-2 §12.8.4.3) —
 * certificates, CRLs and OCSP responses a verifier needs later, appended in their own
 * incremental update after the signatures, so no signature's byte range changes. A DSS
 * already present is extended (its arrays keep the earlier entries).
 */

export interface ValidationMaterial {
  certs?: Uint8Array[];
  crls?: Uint8Array[];
  /** DER OCSPResponse (the whole response, as ETSI asks). */
  ocsps?: Uint8Array[];
}

const KEYS = { certs: 'Certs', crls: 'CRLs', ocsps: 'OCSPs' } as const;

export async function addDss(pdf: Uint8Array, m: ValidationMaterial): Promise<Uint8Array> {
  const total = (m.certs?.length ?? 0) + (m.crls?.length ?? 0) + (m.ocsps?.length ?? 0);
  if (total === 0) throw new InvalidInputError('empty_dss', 'addDss needs at least one certificate, CRL or OCSP response');
  const opened = await openForUpdate(pdf);
  const { doc } = opened;
  const { dss, owner } = dssOf(doc);
  for (const [field, key] of Object.entries(KEYS) as [keyof ValidationMaterial, string][]) {
    const items = dedupe(m[field] ?? []);
    if (!items.length) continue;
    const arr = arrayIn(doc, dss, key);
    for (const der of items) arr.push(registerStream(doc, {}, der));
  }
  return writeUpdate(opened, [owner]).bytes;
}

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
    const k = Buffer.from(b).toString('base64');
    return seen.has(k) ? false : (seen.add(k), true);
  });
}
