import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ocrScore, type OcrScore } from '../../../test/support/cer';
import { digitise } from '../digitise';
import { createDigitisePool } from '../pool';

/** The pages a scans folder's manifest.tsv lists (first column), in its order. */
export function manifestPages(dir: string): string[] {
  return readFileSync(path.join(dir, 'manifest.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')[0]);
}

/**
 * Every page of a scans folder digitised as one document on a pool of two threads (as the
 * server does), each page's text scored against its `.txt` truth beside it.
 */
export async function scoreScans(dir: string, pages = manifestPages(dir)): Promise<Map<string, OcrScore>> {
  const pool = createDigitisePool({ threads: 2 });
  try {
    const result = await digitise(pages.map((name) => ({ name, bytes: new Uint8Array(readFileSync(path.join(dir, name))) })), { pool });
    const truth = (page: string) => readFileSync(path.join(dir, page.replace(/\.\w+$/, '.txt')), 'utf8');
    return new Map(result.pages.map((p, i) => [pages[i], ocrScore(truth(pages[i]), p.text)]));
  } finally {
    await pool.destroy();
  }
}
