import { concatBytes, equalBytes } from './bytes';
import { analyseCoverage, coveredParts, type Coverage } from './byte-range';
import { digest } from './crypto/algorithms';
import { buildChain, type ChainResult, type Purpose } from './crypto/chain';
import type { Cert } from './crypto/certificate';
import { OID, checkCms, parseCms, signingTimeAttr, type CmsCheck, type ParsedCms } from './crypto/cms';
import { checkRevocation, type RevocationResult } from './crypto/revocation';
import { checkTimestampToken, type TimestampCheck } from './crypto/timestamp';
import type { PdfDocument } from './pdf/document';
import { textOf, type FieldInfo } from './pdf/fields';
import { isName, isStr } from './pdf/objects';
import type { Integrity, LongTermReport, TimestampReport } from './types';

/**
 * Checks one signature dictionary on its own: coverage, integrity, CMS signature, time-stamp,
 * chain and revocation. Changes after signing are judged later, across all signatures.
 */
export interface TrustContext {
  anchors: Cert[];
  /** Certificates from the DSS (any signature may use them to build its chain). */
  extraCerts: Cert[];
  crls: Uint8Array[];
  ocsps: Uint8Array[];
  /** Revocation data kept in the file itself (DSS): what still proves status after expiry. */
  inFile: { crls: Uint8Array[]; ocsps: Uint8Array[] };
  now: Date;
}

export interface SignatureCheck {
  field: FieldInfo;
  kind: 'signature' | 'document-timestamp';
  subFilter: string | null;
  coverage: Coverage;
  cms?: ParsedCms;
  integrity: Integrity;
  signatureValid: boolean;
  signer: Cert | undefined;
  claimedTime: Date | null;
  timestamp: TimestampCheck | null;
  tsChain: ChainResult | null;
  chain: ChainResult | null;
  revocation: RevocationResult | null;
  /** Long-term validity (./archive.ts): set after all signatures are checked. */
  longTerm?: LongTermReport;
  errors: string[];
}

export async function checkSignature(doc: PdfDocument, field: FieldInfo, ctx: TrustContext): Promise<SignatureCheck> {
  const sig = field.value!;
  const sf = sig.map.get('SubFilter');
  const subFilter = isName(sf) ? sf.v : null;
  const kind = subFilter === 'ETSI.RFC3161' || isName(sig.map.get('Type'), 'DocTimeStamp') ? 'document-timestamp' : 'signature';
  const coverage = analyseCoverage(doc, sig);
  const out: SignatureCheck = {
    field, kind, subFilter, coverage, integrity: 'intact', signatureValid: false, signer: undefined, claimedTime: pdfDate(textOf(sig.map.get('M'))),
    timestamp: null, tsChain: null, chain: null, revocation: null, errors: [],
  };
  const contents = sig.map.get('Contents');
  if (!isStr(contents) || contents.bytes.length === 0) return fail(out, 'unreadable', '/Contents is missing or empty');
  try {
    out.cms = parseCms(contents.bytes);
  } catch (e) {
    return fail(out, 'unreadable', (e as Error).message);
  }
  out.signer = out.cms.signer;
  if (coverage.invalid) fail(out, 'byterange-invalid', coverage.invalid);
  else if (kind === 'document-timestamp') await checkDocTimestamp(doc, out, contents.bytes);
  else await checkContent(doc, out, subFilter);
  if (kind === 'signature') {
    out.claimedTime = signingTimeAttr(out.cms) ?? out.claimedTime;
    const tsAttr = out.cms.unsignedAttrs.get(OID.signatureTimeStamp)?.[0];
    if (tsAttr) out.timestamp = await checkTimestampToken(new Uint8Array(tsAttr.valueBeforeDecodeView), [out.cms.signatureValue]);
  }
  await trustChecks(out, ctx);
  return out;
}

const SHA1 = '1.3.14.3.2.26';

function fail(out: SignatureCheck, integrity: Integrity, msg: string): SignatureCheck {
  out.integrity = integrity;
  out.signatureValid = false;
  out.errors.push(msg);
  return out;
}

/** Detached CMS signs the ByteRange bytes; some signers encapsulate them (or their SHA-1) instead. */
async function checkContent(doc: PdfDocument, out: SignatureCheck, subFilter: string | null): Promise<void> {
  const cms = out.cms!;
  const covered = coveredParts(doc, out.coverage);
  let content = covered;
  if (subFilter === 'adbe.pkcs7.sha1') {
    const sha1 = await digest(SHA1, covered);
    if (!cms.eContent || !equalBytes(cms.eContent, sha1)) return void fail(out, 'digest-mismatch', 'adbe.pkcs7.sha1: encapsulated SHA-1 does not match the signed bytes');
    content = [cms.eContent];
  } else if (cms.eContent !== undefined) {
    if (subFilter === 'adbe.pkcs7.detached' || subFilter === 'ETSI.CAdES.detached') out.errors.push(`${subFilter} signature carries encapsulated content`);
    if (!equalBytes(cms.eContent, concatBytes(covered))) {
      return void fail(out, 'digest-mismatch', 'the encapsulated content is not the signed byte range');
    }
    content = [cms.eContent];
  }
  applyCms(out, await checkCms(cms, content));
}

function applyCms(out: SignatureCheck, c: CmsCheck): void {
  out.errors.push(...c.errors);
  out.signatureValid = c.signatureValid;
  if (c.unsupported) out.integrity = 'unsupported';
  else if (!c.digestMatches) out.integrity = 'digest-mismatch';
}

async function checkDocTimestamp(doc: PdfDocument, out: SignatureCheck, der: Uint8Array): Promise<void> {
  const ts = await checkTimestampToken(der, coveredParts(doc, out.coverage));
  out.timestamp = ts;
  out.errors.push(...ts.errors);
  out.claimedTime = ts.time;
  out.signatureValid = ts.cmsSignatureValid;
  if (!ts.cms) out.integrity = 'unreadable';
  else if (ts.unsupported) out.integrity = 'unsupported';
  else if (!ts.imprintMatches || !ts.cmsDigestMatches) out.integrity = 'digest-mismatch';
}

async function trustChecks(out: SignatureCheck, ctx: TrustContext): Promise<void> {
  const ts = out.timestamp;
  if (ts?.cms?.signer) out.tsChain = await chainFor(ts.cms.signer, ts.cms.certs, ctx, ts.time ?? ctx.now, 'timestamping');
  if (!out.signer) {
    out.errors.push('signer certificate not found in the CMS');
    return;
  }
  // Validity and revocation are judged at the trusted time when there is one, else the claimed time.
  const at = (ts?.valid && ts.time) || out.claimedTime || ctx.now;
  const purpose: Purpose = out.kind === 'document-timestamp' ? 'timestamping' : 'signing';
  out.chain = await chainFor(out.signer, out.cms?.certs ?? [], ctx, at, purpose);
  out.errors.push(...out.chain.errors);
  out.revocation = await checkRevocation(out.chain.path, [...ctx.crls, ...(out.cms?.crls ?? [])], [...ctx.ocsps, ...(out.cms?.ocsps ?? [])], at);
  out.errors.push(...out.revocation.notes);
}

export function chainFor(leaf: Cert, certs: Cert[], ctx: TrustContext, at: Date, purpose: Purpose): Promise<ChainResult> {
  return buildChain(leaf, [...certs, ...ctx.extraCerts], ctx.anchors, at, purpose);
}

export function timestampReport(c: SignatureCheck): TimestampReport | null {
  if (!c.timestamp) return null;
  return { time: c.timestamp.time?.toISOString() ?? null, valid: c.timestamp.valid, tsa: c.timestamp.tsa, imprintMatches: c.timestamp.imprintMatches, chain: c.tsChain?.status ?? 'unknown' };
}

/** PDF date "D:YYYYMMDDHHmmSSOHH'mm'" → Date (null when unparseable). */
export function pdfDate(s: string | null): Date | null {
  const m = s?.match(/^D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?/);
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', se = '00', sign, oh = '00', om = '00'] = m;
  const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +se);
  const off = sign === '+' || sign === '-' ? (sign === '+' ? 1 : -1) * (+oh * 60 + +om) * 60_000 : 0;
  const t = new Date(utc - off);
  return Number.isNaN(t.getTime()) ? null : t;
}
