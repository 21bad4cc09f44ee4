import { createHash } from 'node:crypto';
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { UnprocessableError } from '../shared/errors';
import { certFromDer, type Cert } from '../verify/crypto/certificate';
import { findAsync } from '../verify/crypto/chain';
import { OID, derLength, parseCms, type ParsedCms } from '../verify/crypto/cms';
import { signatureFields } from './fields';
import type { ValidationMaterial } from './dss';

/**
 * What a verifier needs, years later, to validate every signature and time-stamp already in a
 * PDF: each signer's and TSA's certification path, and CRLs / OCSP responses about each
 * certificate in it — for the DSS (ETSI EN 319 142-1 §5.4), with one VRI entry per signature.
 * Revocation data comes from a `RevocationSource` (the PKI's CRLs and OCSP responder).
 */

export interface RevocationSource {
  /** CRLs and OCSP responses (DER) about `cert`, issued by `issuer`; empty when unknown. */
  revocationFor(cert: Uint8Array, issuer: Uint8Array): Promise<{ crls: Uint8Array[]; ocsps: Uint8Array[] }>;
  /** Certificates that may complete a path (the CA chain, the root). */
  extraCerts?: Uint8Array[];
}

export interface LtvMaterial extends ValidationMaterial {
  /** VRI key (upper-case hex SHA-1 of the signature's CMS) → the material for that signature. */
  vri: Map<string, ValidationMaterial>;
}

export async function validationMaterial(pdf: Uint8Array, source: RevocationSource): Promise<LtvMaterial> {
  const out: LtvMaterial = { certs: [], crls: [], ocsps: [], vri: new Map() };
  const extra = (source.extraCerts ?? []).map(certFromDer);
  for (const cms of await signatureContents(pdf)) {
    const parsed = parseCms(cms);
    const entry: Required<ValidationMaterial> = { certs: [], crls: [], ocsps: [] };
    for (const signed of [parsed, ...timestampTokens(parsed)]) {
      if (!signed.signer) continue;
      const path = await certPath(signed.signer, [...signed.certs, ...extra]);
      entry.certs.push(...path.map((c) => c.der));
      for (let i = 0; i + 1 < path.length; i++) {
        const r = await source.revocationFor(path[i].der, path[i + 1].der);
        entry.crls.push(...r.crls);
        entry.ocsps.push(...r.ocsps);
      }
    }
    out.vri.set(vriKey(cms), entry);
    out.certs!.push(...entry.certs);
    out.crls!.push(...entry.crls);
    out.ocsps!.push(...entry.ocsps);
  }
  return out;
}

/** Upper-case hex SHA-1 of the CMS (its DER, without /Contents' zero padding), as VRI keys are. */
export function vriKey(cms: Uint8Array): string {
  return createHash('sha1').update(cms).digest('hex').toUpperCase();
}

/** The CMS of every signed signature field and document time-stamp, trimmed to its DER length. */
async function signatureContents(pdf: Uint8Array): Promise<Uint8Array[]> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false });
  } catch (e) {
    throw new UnprocessableError('bad_pdf', `the PDF cannot be read: ${(e as Error).message}`);
  }
  const out: Uint8Array[] = [];
  for (const { dict } of signatureFields(doc).values()) {
    const v = dict.lookup(PDFName.of('V'));
    const contents = v instanceof PDFDict ? v.get(PDFName.of('Contents')) : undefined;
    if (contents instanceof PDFHexString || contents instanceof PDFString) {
      const bytes = contents.asBytes();
      out.push(bytes.subarray(0, derLength(bytes)));
    };
  }
  return out;
}

function timestampTokens(p: ParsedCms): ParsedCms[] {
  // A document time-stamp is itself a token; a signature carries one as an unsigned attribute.
  const attr = p.unsignedAttrs.get(OID.signatureTimeStamp)?.[0];
  return attr ? [parseCms(new Uint8Array(attr.valueBeforeDecodeView))] : [];
}

/** Leaf first, up to a self-signed certificate or the last issuer found among `pool`. */
async function certPath(leaf: Cert, pool: Cert[]): Promise<Cert[]> {
  const path = [leaf];
  for (let c = leaf; !(await c.issuedBy(c)) && path.length < 10; ) {
    const cur = c;
    const issuer = await findAsync(pool, async (x) => x.fingerprint !== cur.fingerprint && !path.includes(x) && (await cur.issuedBy(x)));
    if (!issuer) break;
    path.push((c = issuer));
  }
  return path;
}
