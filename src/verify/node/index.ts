/**
 * The verifier on Node: its portable API (../index) with what needs Node — trust anchors and
 * CRLs read from a folder, the worker-thread pool with its time and memory budget, the PDF
 * report (fonts read from disk) — and verifyPdf on native zlib and Ed448 (./verify-pdf, in
 * place of the portable one).
 */
export * from '../index';
export { verifyPdf } from './verify-pdf';
export { createVerifyPool, DEFAULT_VERIFY_POOL, type VerifyPool, type VerifyPoolOptions } from '../pool';
export { renderReportPdf } from '../report-pdf';
export { trustFolder, type TrustMaterial } from './trust-folder';
