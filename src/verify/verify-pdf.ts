import { PayloadTooLargeError, UnprocessableError } from '../shared/errors';
import { notVerifiable } from './not-verifiable';
import { parseCerts, type Cert } from './crypto/certificate';
import { revisionChanges, type Change, type ChangeCategory } from './pdf/changes';
import { PdfDocument } from './pdf/document';
import type { Inflate } from './pdf/inflate';
import { signatureFields, type FieldInfo } from './pdf/fields';
import { dictOf, isName, isStream, type PdfValue } from './pdf/objects';
import { computeRoles, type RoleMap } from './pdf/roles';
import { PdfLimitError, rethrowLimit } from './pdf/limits';
import { checkSignature, type SignatureCheck, type TrustContext } from './signature';
import { splitPem } from './pem';
import { latin1, toHex } from './bytes';
import { buildSignatureReport, type Judgement } from './judge';
import { judgeLongTerm } from './archive';
import { digest } from './crypto/algorithms';
import { DEFAULT_LIMITS, deepFreeze, type RevisionReport, type VerificationReport, type VerifyOptions } from './types';

/**
 * verifyPdf: every signature of a PDF, in file order, with a whole-document verdict. Portable:
 * WebCrypto and plain Uint8Array, nothing of Node (its adapter for trust folders is ./node).
 * Synchronous stretches (the parse, the revision diff) are bounded by the parser's caps, and
 * on the server it runs in a worker thread with a time and memory budget (./pool).
 * Throws UnprocessableError for input that is not a PDF, and `not_verifiable` (details.reason
 * too_slow / too_large) past the time limit or a parser cap (./pdf/limits); PayloadTooLargeError
 * above the size limit; everything else is a verdict, never a crash.
 */
export async function verifyPdf(bytes: Uint8Array, opts: VerifyOptions): Promise<VerificationReport> {
  try {
    return await verifyWithinLimits(bytes, opts);
  } catch (e) {
    if (e instanceof PdfLimitError) throw notVerifiable('too_large', `the document is too large or too complex to verify: ${e.message}`);
    throw e;
  }
}

export { notVerifiable };

async function verifyWithinLimits(bytes: Uint8Array, opts: VerifyOptions): Promise<VerificationReport> {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  if (bytes.length > limits.maxBytes) throw new PayloadTooLargeError('pdf_too_large', `PDF is ${bytes.length} bytes; the limit is ${limits.maxBytes}`);
  if (!latin1(bytes, 0, Math.min(bytes.length, 1024)).includes('%PDF-')) throw new UnprocessableError('not_a_pdf', 'not a PDF: no %PDF- header in the first 1024 bytes');
  const deadline = Date.now() + limits.timeMs;
  const tick = (what: string) => {
    if (Date.now() > deadline) throw notVerifiable('too_slow', `verification exceeded ${limits.timeMs} ms (${what})`);
  };
  const doc = openPdf(bytes, opts.inflate);
  tick('reading the structure');
  const warnings: string[] = [];
  const ctx = trustContext(doc, opts, warnings);
  const fields = signatureFields(doc);
  const checks: SignatureCheck[] = [];
  for (const f of fields) {
    checks.push(await guardedCheck(doc, f, ctx));
    tick(`signature ${f.name}`);
  }
  // File order: the signature covering the earliest revision comes first.
  checks.sort((a, b) => a.coverage.end - b.coverage.end);
  await judgeLongTerm(checks, ctx);
  const revisions = revisionReports(doc, tick);
  const judgement = judge(doc, checks, revisions.changes);
  const signatures = checks.map((c, i) => buildSignatureReport(c, i, judgement, doc));
  const reasons = overallReasons(signatures);
  warnings.push(...doc.warnings);
  return deepFreeze({
    valid: reasons.length === 0,
    reasons,
    signatures,
    revisions: revisions.reports,
    file: { size: bytes.length, sha256: toHex(await digest(SHA256, bytes)) },
    warnings,
    checkedAt: (opts.now ?? new Date()).toISOString(),
  });
}

/** The parsed PDF, or `pdf_unreadable` (a parser cap passes through as such). */
export function openPdf(bytes: Uint8Array, inflate?: Inflate): PdfDocument {
  try {
    return new PdfDocument(bytes, inflate);
  } catch (e) {
    rethrowLimit(e);
    throw new UnprocessableError('pdf_unreadable', `PDF structure unreadable: ${(e as Error).message}`);
  }
}

/** A signature whose data trips an unexpected failure is reported as unverifiable, not a crash. */
async function guardedCheck(doc: PdfDocument, f: FieldInfo, ctx: TrustContext): Promise<SignatureCheck> {
  try {
    return await checkSignature(doc, f, ctx);
  } catch (e) {
    rethrowLimit(e);
    const coverage = { ranges: [], invalid: null, anomalies: [], end: 0, revision: 0, endsAtRevision: false };
    return {
      field: f, kind: 'signature', subFilter: null, coverage, integrity: 'unreadable', signatureValid: false, signer: undefined, claimedTime: null,
      timestamp: null, tsChain: null, chain: null, revocation: null, errors: [`signature could not be checked: ${(e as Error).message}`],
    };
  }
}

export function trustContext(doc: PdfDocument, opts: VerifyOptions, warnings: string[]): TrustContext {
  const dss = doc.dict(doc.catalog()?.map.get('DSS'));
  const streams = (key: string) => {
    const arr = doc.resolve(dss?.map.get(key));
    return (Array.isArray(arr) ? arr : []).flatMap((v) => streamBytes(doc, v, warnings));
  };
  const anchors: Cert[] = parseCerts(opts.anchors.flatMap(splitPem), warnings);
  const inFile = { crls: streams('CRLs'), ocsps: streams('OCSPs') };
  return {
    anchors,
    extraCerts: parseCerts(streams('Certs'), warnings),
    crls: [...inFile.crls, ...(opts.crls ?? []).flatMap(splitPem)],
    ocsps: inFile.ocsps,
    inFile,
    now: opts.now ?? new Date(),
  };
}

function streamBytes(doc: PdfDocument, v: PdfValue, warnings: string[]): Uint8Array[] {
  const s = doc.resolve(v);
  if (!isStream(s)) return [];
  try {
    return [doc.decode(s)];
  } catch (e) {
    rethrowLimit(e);
    warnings.push(`DSS stream unreadable: ${(e as Error).message}`);
    return [];
  }
}

function revisionReports(doc: PdfDocument, tick: (w: string) => void): { reports: RevisionReport[]; changes: Change[][] } {
  const roleCache = new Map<number, RoleMap>();
  const rolesOf = (r: number) => {
    let m = roleCache.get(r);
    if (!m) roleCache.set(r, (m = computeRoles(doc, r)));
    return m;
  };
  const changes: Change[][] = [];
  const reports = doc.revisions.map((r) => {
    let items: Change[];
    try {
      items = revisionChanges(doc, r.index, rolesOf);
    } catch (e) {
      rethrowLimit(e);
      // A revision we cannot analyse is not assumed harmless.
      items = [{ object: null, category: 'other', description: `revision ${r.index} could not be analysed: ${(e as Error).message}` }];
    }
    changes.push(items);
    tick(`revision ${r.index}`);
    return { index: r.index, startxref: r.startxref, endOffset: r.endOffset, changes: { summary: summarise(items), items } };
  });
  return { reports, changes };
}

function summarise(items: Change[]): string {
  if (!items.length) return 'no changes to existing objects';
  const counts = new Map<ChangeCategory, number>();
  for (const i of items) counts.set(i.category, (counts.get(i.category) ?? 0) + 1);
  return [...counts].map(([c, n]) => `${c}: ${n}`).join(', ');
}

/**
 * Allowed change categories. Without a certification signature only signing and validation
 * data may follow a signature: filling other form fields is allowed only when a certifier
 * permitted it (DocMDP P=2 or 3), since a filled field can overlay signed content.
 */
const NO_CERTIFICATION = new Set<ChangeCategory>(['signature', 'dss', 'metadata']);
const ALLOWED: Record<1 | 2 | 3, Set<ChangeCategory>> = {
  1: new Set(['dss', 'metadata']),
  2: new Set(['signature', 'form-fill', 'dss', 'metadata']),
  3: new Set(['signature', 'form-fill', 'annotation', 'dss', 'metadata']),
};

function judge(doc: PdfDocument, checks: SignatureCheck[], changes: Change[][]): Judgement {
  const certification = docMdp(doc);
  const allowed = certification ? ALLOWED[certification.level] : NO_CERTIFICATION;
  const tail = doc.bytes.subarray(doc.revisions[doc.last].endOffset);
  const trailing = tail.some((b) => ![0, 9, 10, 12, 13, 32].includes(b)) ? tail.length : 0;
  return { allowed, certification, changes, trailingBytes: trailing, checks };
}

function docMdp(doc: PdfDocument): { sigNum: number; level: 1 | 2 | 3 } | null {
  const perms = doc.dict(doc.catalog()?.map.get('Perms'));
  const ref = perms?.map.get('DocMDP');
  const sig = doc.dict(ref);
  if (!sig || !ref || typeof ref !== 'object' || Array.isArray(ref) || ref.t !== 'ref') return null;
  const refs = doc.resolve(sig.map.get('Reference'));
  for (const r of Array.isArray(refs) ? refs : []) {
    const d = doc.dict(r);
    if (!isName(d?.map.get('TransformMethod'), 'DocMDP')) continue;
    const p = dictOf(doc.resolve(d?.map.get('TransformParams')))?.map.get('P');
    return { sigNum: ref.num, level: p === 1 || p === 3 ? p : 2 };
  }
  return { sigNum: ref.num, level: 2 };
}

const SHA256 = '2.16.840.1.101.3.4.2.1';

function overallReasons(sigs: ReturnType<typeof buildSignatureReport>[]): string[] {
  if (!sigs.length) return ['the document has no signature'];
  const reasons: string[] = [];
  for (const s of sigs) {
    const who = `signature ${s.index + 1} (${s.fieldName})`;
    if (s.integrity !== 'intact') reasons.push(`${who}: integrity ${s.integrity}`);
    else if (!s.signatureValid) reasons.push(`${who}: the CMS signature is not valid`);
    if (s.chain !== 'trusted') reasons.push(`${who}: certificate chain ${s.chain}`);
    if (s.revocation === 'revoked') reasons.push(`${who}: certificate revoked before signing`);
    if (s.timestamp && !s.timestamp.valid) reasons.push(`${who}: time-stamp not valid`);
    if (s.modifiedAfter) reasons.push(`${who}: document modified after signing`);
    // An archive time-stamp intact and trusted but proving nothing any more (algorithms broken).
    if (s.kind === 'document-timestamp' && s.integrity === 'intact' && s.chain === 'trusted' && s.longTerm && !s.longTerm.provenAt) reasons.push(`${who}: archive time-stamp ${s.longTerm.note}`);
  }
  return reasons;
}

