import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { needPath } from '../../../test/support/tools';
import { main } from '../../cli/main';
import { isTaichoError } from '../../shared/errors';
import { corpusVerdict, disagreements, readCorpusManifest, verdictOf } from '../corpus-verdict';
import { renderReportHtml } from '../report-html';
import { verifyPdf } from '../verify-pdf';

/**
 * The peers' corpus (EU DSS and pyHanko test files, ../shared/corpus): the expected verdict on
 * every file from its manifest, and the same verdict from the library, the CLI and the HTML
 * report. A fresh clone has no ../shared: this skips there and says so, and fails in CI
 * (TAICHO_REQUIRE_TOOLS=1), where the corpus must be present.
 */
const dir = path.resolve(import.meta.dirname, '../../../../shared/corpus');
const manifest = path.join(dir, 'manifest.tsv');
const corpus = needPath(manifest, "the peers' corpus (../shared/corpus)");

const limits = { maxBytes: 20 * 1024 * 1024, timeMs: 15_000 };

corpus.describe("peers' corpus", () => {
  const all = readCorpusManifest(readFileSync(manifest, 'utf8'));

  it('has every file the manifest lists (46)', () => {
    expect(all).toHaveLength(46);
  });

  it.each(all.map((r) => [r.file, r] as const))('%s: the manifest\'s expected verdict', async (_f, r) => {
    const v = await corpusVerdict(new Uint8Array(readFileSync(path.join(dir, 'pdf', r.file))), limits);
    expect(disagreements(r, v)).toEqual([]);
  });

  it.each([
    ['dss-pdf-signed-original.pdf', 'B-B'],
    ['dss-doc-firmado-LT.pdf', 'B-LT'],
    ['dss-Test.signed_Certipost-2048-SHA512.extended-LTA.pdf', 'B-LTA'],
    ['pyhanko-pades-lta-dss-indirect-arrs-test.pdf', 'B-LTA'],
  ])('%s: PAdES level %s', async (file, level) => {
    const r = await verifyPdf(new Uint8Array(readFileSync(path.join(dir, 'pdf', file))), { anchors: [], limits });
    expect(r.signatures[0].level).toBe(level);
    expect(r.signatures.slice(1).every((s) => s.kind === 'document-timestamp' || s.level !== null)).toBe(true);
  });

  it('a certification signature reports its DocMDP level', async () => {
    const r = await verifyPdf(new Uint8Array(readFileSync(path.join(dir, 'pdf', 'pyhanko-certified-with-indirect-refs-in-dir.pdf'))), { anchors: [], limits });
    expect(r.signatures[0].docMdp).toBe(1);
  });

  it('library, CLI exit code and HTML report agree on every file', async () => {
    for (const r of all) {
      const file = path.join(dir, 'pdf', r.file);
      let valid: boolean | 'error';
      let html = '';
      try {
        const report = await verifyPdf(new Uint8Array(readFileSync(file)), { anchors: [], limits });
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
