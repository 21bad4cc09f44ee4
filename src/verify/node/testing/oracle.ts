import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runTool } from '../../../../test/support/tools';

/**
 * pdfsig (poppler + NSS) as an independent oracle for what it can tell: per signature, whether
 * the bytes and the CMS signature agree. It cannot tell trust against our anchors, revocation
 * at signing time, or whether a later revision changed the document.
 */
export type PdfsigResult = 'valid' | 'digest-mismatch' | 'invalid' | 'other';

export function pdfsigVerdicts(pdf: Uint8Array): { results: PdfsigResult[]; total: boolean[]; raw: string } {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'taicho-pdfsig-')), 'f.pdf');
  writeFileSync(file, pdf);
  const r = runTool('pdfsig', ['-nocert', file]);
  const raw = r.stdout + r.stderr;
  const results = [...raw.matchAll(/Signature Validation: (.*)/g)].map(([, v]): PdfsigResult => {
    if (v.startsWith('Signature is Valid')) return 'valid';
    if (v.startsWith('Digest Mismatch')) return 'digest-mismatch';
    if (v.startsWith('Signature is Invalid')) return 'invalid';
    return 'other';
  });
  const total = [...raw.matchAll(/ - (Total document signed|Not total document signed)/g)].map((m) => m[1] === 'Total document signed');
  return { results, total, raw };
}

export function pdftotext(pdf: Uint8Array): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'taicho-pdftotext-')), 'f.pdf');
  writeFileSync(file, pdf);
  return runTool('pdftotext', [file, '-']).stdout;
}
