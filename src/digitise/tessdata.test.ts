import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { decode } from './decode';
import { normalise } from './normalise';
import { createOcrEngine, ocr } from './ocr';
import { modelFile } from './tessdata';
import { renderPage } from './testing/fixtures';

const work = mkdtempSync(path.join(tmpdir(), 'taicho-tessdata-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
/** A folder under the test's temp dir holding copies of the given files. */
function folder(name: string, files: Record<string, string>): string {
  const dir = path.join(work, name);
  mkdirSync(dir);
  for (const [f, from] of Object.entries(files)) copyFileSync(from, path.join(dir, f));
  return dir;
}

describe('TAICHO_TESSDATA_DIR: traineddata from a folder instead of the npm model', () => {
  it('a folder without the language file is refused at configuration, naming the variable and the file', () => {
    const empty = folder('empty', {});
    expect(() => loadConfig({ TAICHO_TESSDATA_DIR: empty })).toThrow(`TAICHO_TESSDATA_DIR: no vie.traineddata (or .gz) in the tessdata folder ${empty}`);
    expect(() => modelFile('eng', empty)).toThrow(expect.objectContaining({ code: 'no_tessdata' }));
  });

  it('a folder with every language (plain or .gz) is taken, as an absolute path', () => {
    const dir = folder('both', { 'vie.traineddata': modelFile('vie'), 'eng.traineddata.gz': modelFile('eng') });
    expect(loadConfig({ TAICHO_TESSDATA_DIR: dir }).ocrTessdataDir).toBe(dir);
    expect(loadConfig({}).ocrTessdataDir).toBeUndefined();
  });

  // (A file that is no model is not tried: tesseract.js 7 then never settles its promise.)
  it('the engine reads a gzipped model from the folder and reads a page with it', async () => {
    const good = folder('good', { 'eng.traineddata.gz': modelFile('eng') });
    const page = await normalise(await decode({ source: 'page', input: { type: 'encoded', bytes: new Uint8Array(await renderPage()), page: 0 } }));
    const engine = await createOcrEngine({ lang: 'eng', tessdataDir: good });
    try {
      const result = await ocr(engine, { pgm: page.ocrImage, width: page.width, height: page.height });
      expect(result.text).toMatch(/\w{4,}/);
    } finally {
      await engine.terminate();
    }
  }, 120_000);
});
