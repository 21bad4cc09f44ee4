/**
 * Public API of the verifier, portable: it runs wherever JavaScript has WebCrypto (Node, a
 * browser, a worker), with no Node built-ins (test/verify-bundle.test.ts bundles it for a
 * neutral platform). The Node side — trust folders, worker threads, the PDF report with its
 * fonts, the CLI — is ./node.
 */
export { verifyPdf, notVerifiable } from './verify-pdf';
export { renderReportHtml, REPORT_HTML_CSP } from './report-html';
export { splitPem } from './pem';
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
