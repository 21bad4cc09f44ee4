/** Public API of the verifier (issue #5). Domain code only: the HTTP route and CLI wrap these. */
export { verifyPdf, notVerifiable } from './verify-pdf';
export { createVerifyPool, DEFAULT_VERIFY_POOL, type VerifyPool, type VerifyPoolOptions } from './pool';
export { renderReportHtml, REPORT_HTML_CSP } from './report-html';
export { renderReportPdf } from './report-pdf';
export { loadAnchors, loadCrlDir } from './trust';
export { verdictOf, corpusVerdict, type CorpusVerdict } from './corpus-verdict';
export type { LongTermReport } from './types';
export type {
  VerificationReport,
  SignatureReport,
  RevisionReport,
  TimestampReport,
  Integrity,
  PadesLevel,
  VerifyOptions,
  VerifyLimits,
} from './types';
export type { ChainStatus } from './crypto/chain';
export type { RevocationStatus } from './crypto/revocation';
export { lastArchiveTimestamp, type ArchiveTimestampState } from './archive-state';
