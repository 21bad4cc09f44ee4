import type { Change, ChangeCategory } from './pdf/changes';
import type { PdfDocument } from './pdf/document';
import { textOf } from './pdf/fields';
import { timestampReport, type SignatureCheck } from './signature';
import type { PadesLevel, SignatureReport } from './types';

/**
 * Turns one SignatureCheck into its report entry: which later changes are disallowed for it,
 * and which PAdES level it reaches given the document time-stamps and DSS after it.
 */
export interface Judgement {
  allowed: Set<ChangeCategory>;
  certification: { sigNum: number; level: 1 | 2 | 3 } | null;
  /** Per revision, the changes it made to existing objects. */
  changes: Change[][];
  trailingBytes: number;
  checks: SignatureCheck[];
}

export function buildSignatureReport(c: SignatureCheck, index: number, j: Judgement, doc: PdfDocument): SignatureReport {
  const sig = c.field.value!;
  const r = c.coverage.revision;
  // Changes after signing are judged only for an intact signature: for a broken one they are moot.
  const intact = c.integrity === 'intact';
  const modifications = intact ? disallowedAfter(c, j, doc) : [];
  const errors = intact ? c.errors : [...c.errors, ...c.coverage.anomalies];
  const tsa = c.kind === 'document-timestamp' ? c.timestamp?.tsa ?? null : null;
  return {
    index,
    fieldName: c.field.name,
    kind: c.kind,
    subFilter: c.subFilter,
    signer: c.signer?.commonName ?? tsa ?? textOf(sig.map.get('Name')),
    organisation: c.signer?.organisation ?? null,
    signedAt: c.claimedTime?.toISOString() ?? null,
    reason: textOf(sig.map.get('Reason')),
    location: textOf(sig.map.get('Location')),
    algorithm: c.cms?.algorithmName ?? null,
    timestamp: timestampReport(c),
    integrity: c.integrity,
    signatureValid: c.signatureValid,
    chain: c.chain?.status ?? 'unknown',
    chainPath: c.chain?.path.map((x) => x.commonName) ?? [],
    revocation: c.revocation?.status ?? 'unknown',
    coversRevision: r,
    totalDocument: !c.coverage.invalid && c.coverage.endsAtRevision && r === doc.last && j.trailingBytes === 0,
    modifiedAfter: modifications.length > 0,
    modifications,
    level: c.integrity === 'intact' ? level(c, j, doc) : null,
    longTerm: c.longTerm ?? null,
    docMdp: j.certification && j.certification.sigNum === c.field.valueNum ? j.certification.level : null,
    errors: [...new Set(errors)],
  };
}

function disallowedAfter(c: SignatureCheck, j: Judgement, doc: PdfDocument): string[] {
  const r = c.coverage.revision;
  const out = [...c.coverage.anomalies];
  const num = c.field.valueNum;
  if (num !== undefined && c.coverage.endsAtRevision) {
    const then = doc.entry(num, r);
    const now = doc.entry(num);
    if (!then || JSON.stringify(then) !== JSON.stringify(now)) out.push('the signature dictionary was written after the revision it signs (spoofed or replaced)');
  }
  for (let k = r + 1; k < j.changes.length; k++) {
    if (doc.revisions[k].incomplete) out.push(`revision ${k}: objects appended without a cross-reference section (truncated or hidden update)`);
    for (const ch of j.changes[k]) if (!j.allowed.has(ch.category)) out.push(`revision ${k}: ${ch.description}`);
  }
  if (j.trailingBytes) out.push(`${j.trailingBytes} bytes after the last %%EOF are not part of any revision`);
  return out;
}

function level(c: SignatureCheck, j: Judgement, doc: PdfDocument): PadesLevel | null {
  if (c.kind !== 'signature' || c.subFilter !== 'ETSI.CAdES.detached') return null;
  const r = c.coverage.revision;
  const docTs = j.checks.filter((x) => x.kind === 'document-timestamp' && x.integrity === 'intact' && x.coverage.revision > r);
  if (!c.timestamp?.valid && !docTs.length) return 'B-B';
  const dssRev = doc.revisions.findIndex((rev) => rev.index > r && !!doc.catalog(rev.index)?.map.get('DSS'));
  if (dssRev < 0) return 'B-T';
  return docTs.some((t) => t.coverage.revision >= dssRev) ? 'B-LTA' : 'B-LT';
}
