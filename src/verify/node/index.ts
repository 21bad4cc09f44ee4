/**
 * The verifier on Node: its portable API (../index) with what needs Node — trust anchors and
 * CRLs read from a folder, the worker-thread pool with its time and memory budget, the PDF
 * report (fonts read from disk).
 */
export * from '../index';
export { createVerifyPool, DEFAULT_VERIFY_POOL, type VerifyPool, type VerifyPoolOptions } from '../pool';
export { renderReportPdf } from '../report-pdf';
export { trustFolder, type TrustMaterial } from './trust-folder';
