import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPdf } from '../../src/verify';
import { makeHarness, type Harness } from '../support/harness';

/**
 * Every file of the peers' corpus through the HTTP API: the same `valid` as the library, the
 * same verdict word in the HTML page, and never a 5xx (malformed files get a 4xx or a verdict).
 * A fresh clone has no ../shared, so this skips there and says so.
 */
const dir = path.resolve(import.meta.dirname, '../../../shared/corpus/pdf');
const present = existsSync(dir);
if (!present) console.warn(`[skip] peers' corpus not found at ${dir}`);

let h: Harness;
beforeAll(async () => {
  if (present) h = await makeHarness();
});
afterAll(() => h?.close());

describe.skipIf(!present)('HTTP API on the peers’ corpus', () => {
  const files = present ? readdirSync(dir).filter((f) => f.endsWith('.pdf')) : [];
  it.each(files)('%s', async (file) => {
    const bytes = new Uint8Array(readFileSync(path.join(dir, file)));
    const form = () => {
      const f = new FormData();
      f.append('file', new Blob([bytes]), file);
      return f;
    };
    const res = await h.post('auditor', '/api/v1/verify', form());
    expect(res.status).toBeLessThan(500);
    let expected: boolean | 'error';
    try {
      expected = verifyPdf(bytes, { trustAnchors: h.services.config.trustDir, limits: { maxBytes: h.services.config.maxUploadBytes, timeMs: 20_000 } }).valid;
    } catch {
      expected = 'error';
    }
    if (expected === 'error') {
      expect(res.status).toBeGreaterThanOrEqual(400);
      return;
    }
    expect(((await res.json()) as { valid: boolean }).valid).toBe(expected);
    const html = await (await h.post('auditor', '/api/v1/verify?format=html', form())).text();
    expect(html).toContain(expected ? 'Hợp lệ' : 'Không hợp lệ');
  });
});
