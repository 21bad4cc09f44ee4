import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main';
import { isTaichoError } from '../shared/errors';
import { corpusVerdict, verdictOf } from './corpus-verdict';
import { renderReportHtml } from './report-html';
import { verifyPdf } from './verify-pdf';

/**
 * The peers' corpus (EU DSS and pyHanko test files, ../shared/corpus): the expected verdict on
 * every file, and the same verdict from the library, the CLI and the HTML report. A fresh clone
 * has no ../shared, so this skips there and says so (scripts/corpus.ts prints the full table).
 */
const dir = path.resolve(import.meta.dirname, '../../../shared/corpus');
const present = existsSync(path.join(dir, 'manifest.tsv'));
if (!present) console.warn(`[skip] peers' corpus not found at ${dir}`);

interface Row { file: string; integrity: string; modified: string; overall: string }

function rows(): Row[] {
  const lines = readFileSync(path.join(dir, 'manifest.tsv'), 'utf8').trim().split('\n');
  const head = lines[0].split('\t');
  return lines.slice(1).map((l) => {
    const c = l.split('\t');
    const get = (n: string) => c[head.indexOf(n)];
    return { file: get('file'), integrity: get('expect_integrity'), modified: get('expect_modified_after'), overall: get('expect_overall') };
  });
}

const limits = { maxBytes: 20 * 1024 * 1024, timeMs: 15_000 };

describe.skipIf(!present)('peers\' corpus', () => {
  const all = present ? rows() : [];

  it.each(all.map((r) => [r.file, r] as const))('%s: expected verdict', (_f, r) => {
    const v = corpusVerdict(new Uint8Array(readFileSync(path.join(dir, 'pdf', r.file))), limits);
    if (r.integrity === 'ok' || r.integrity === 'broken') expect(v.integrity).toBe(r.integrity);
    if (r.modified === 'yes' || r.modified === 'no') expect(v.modified).toBe(r.modified);
    if (r.overall === 'error-or-invalid') expect(['error', 'invalid']).toContain(v.overall);
    else expect(v.overall).toBe(r.overall);
  });

  it.each([
    ['dss-pdf-signed-original.pdf', 'B-B'],
    ['dss-doc-firmado-LT.pdf', 'B-LT'],
    ['dss-Test.signed_Certipost-2048-SHA512.extended-LTA.pdf', 'B-LTA'],
    ['pyhanko-pades-lta-dss-indirect-arrs-test.pdf', 'B-LTA'],
  ])('%s: PAdES level %s', (file, level) => {
    const r = verifyPdf(new Uint8Array(readFileSync(path.join(dir, 'pdf', file))), { trustAnchors: [], limits });
    expect(r.signatures[0].level).toBe(level);
    expect(r.signatures.slice(1).every((s) => s.kind === 'document-timestamp' || s.level !== null)).toBe(true);
  });

  it('a certification signature reports its DocMDP level', () => {
    const r = verifyPdf(new Uint8Array(readFileSync(path.join(dir, 'pdf', 'pyhanko-certified-with-indirect-refs-in-dir.pdf'))), { trustAnchors: [], limits });
    expect(r.signatures[0].docMdp).toBe(1);
  });

  it('library, CLI exit code and HTML report agree on every file', async () => {
    for (const r of all) {
      const file = path.join(dir, 'pdf', r.file);
      let valid: boolean | 'error';
      let html = '';
      try {
        const report = verifyPdf(new Uint8Array(readFileSync(file)), { trustAnchors: [], limits });
        valid = report.valid;
        html = renderReportHtml(report, { lang: 'vi' });
        expect(verdictOf(report).overall).not.toBe('crash');
      } catch (e) {
        expect(isTaichoError(e)).toBe(true);
        valid = 'error';
      }
      const out: string[] = [];
      const code = await main(['verify', file, '--trust', '/nonexistent-trust-dir'], { stdout: (s) => out.push(s), stderr: (s) => out.push(s), env: {}, cwd: process.cwd() });
      expect(code, r.file).toBe(valid === 'error' ? 2 : valid ? 0 : 1);
      if (valid !== 'error') expect(html, r.file).toContain(`data-valid="${valid}"`);
    }
  });
});
