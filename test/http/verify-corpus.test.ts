import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { trustFolder, verifyPdf } from '../../src/verify/node';
import { disagreements, readCorpusManifest, verdictOf, type CorpusVerdict } from '../../src/verify/corpus-verdict';
import type { VerificationReport } from '../../src/verify/types';
import { makeHarness, type Harness } from '../support/harness';
import { needPath } from '../support/tools';

/**
 * Every file of the peers' corpus through the HTTP API: the verdict its manifest expects (so a
 * regression in the verifier is caught here too), the same `valid` as the library, the same
 * verdict word in the HTML page, and never a 5xx (malformed files get a 4xx or a verdict).
 * A fresh clone has no ../shared: this skips there and says so, and fails in CI.
 */
const dir = path.resolve(import.meta.dirname, '../../../shared/corpus');
const manifest = path.join(dir, 'manifest.tsv');
const corpus = needPath(manifest, "the peers' corpus (../shared/corpus)");

let h: Harness;
beforeAll(async () => {
  if (corpus.ok) h = await makeHarness();
});
afterAll(() => h?.close());

corpus.describe('HTTP API on the peers’ corpus', () => {
  const rows = readCorpusManifest(readFileSync(manifest, 'utf8'));
  it.each(rows.map((r) => [r.file, r] as const))('%s', async (file, row) => {
    const bytes = new Uint8Array(readFileSync(path.join(dir, 'pdf', file)));
    const form = () => {
      const f = new FormData();
      f.append('file', new Blob([bytes]), file);
      return f;
    };
    const res = await h.post('auditor', '/api/v1/verify', form());
    expect(res.status).toBeLessThan(500);
    let library: boolean | 'error';
    try {
      library = (await verifyPdf(bytes, { ...trustFolder(h.config.trustDir), limits: { maxBytes: h.config.maxUploadBytes, timeMs: 20_000 } })).valid;
    } catch {
      library = 'error';
    }
    if (library === 'error') {
      expect(res.status).toBeGreaterThanOrEqual(400);
      const error: CorpusVerdict = { integrity: 'n/a', modified: 'unknown', overall: 'error' };
      expect(disagreements(row, error)).toEqual([]);
      return;
    }
    expect(res.status).toBe(200);
    const report = (await res.json()) as VerificationReport;
    expect(disagreements(row, verdictOf(report))).toEqual([]);
    expect(report.valid).toBe(library);
    const html = await (await h.post('auditor', '/api/v1/verify?format=html', form())).text();
    expect(html).toContain(library ? 'Hợp lệ' : 'Không hợp lệ');
  });
});
