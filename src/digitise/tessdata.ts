import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gunzipSync } from 'fflate';
import { InvalidInputError } from '../shared/errors';

const require = createRequire(import.meta.url);

/**
 * The npm model: LSTM-only integer networks ("best_int"). The package's `4.0.0` folder holds
 * the same networks plus the legacy engine's tables (31 MB unpacked for vie+eng against 7 MB),
 * which an LSTM-only engine loads into every thread and never uses; the text read is identical.
 */
const NPM_MODEL_DIR = '4.0.0_best_int';

/** Which traineddata to read: the npm model, or `<lang>.traineddata[.gz]` files in a folder. */
export interface OcrModel {
  lang: string;
  /** TAICHO_TESSDATA_DIR, e.g. Debian's /usr/share/tesseract-ocr/5/tessdata (tessdata_fast). */
  tessdataDir?: string;
}

/** The model file of one language, or a clear error naming the folder and file missing. */
export function modelFile(lang: string, tessdataDir?: string): string {
  if (tessdataDir === undefined) {
    return join(require.resolve(`@tesseract.js-data/${lang}/package.json`), '..', NPM_MODEL_DIR, `${lang}.traineddata.gz`);
  }
  const candidates = [`${lang}.traineddata`, `${lang}.traineddata.gz`].map((f) => join(tessdataDir, f));
  const found = candidates.find((f) => existsSync(f));
  if (!found) throw new InvalidInputError('no_tessdata', `no ${lang}.traineddata (or .gz) in the tessdata folder ${tessdataDir}`);
  return found;
}

/**
 * One language's traineddata for tesseract.js, unpacked here once (the worker would otherwise
 * unpack it again for every engine created). In JS, not node:zlib: this runs in an OCR thread while
 * its engine is made, and a thread terminated inside a node:zlib call (the pool closing, a task
 * past its time) aborts the whole process on Node 20 ("close before init").
 *
 * tesseract.js takes `{code, data}` objects for in-memory data, but (7.0.0, worker-script
 * initialize) then builds the init string from `l.data` instead of `l.code`. The same array is
 * posted twice, load first, initialise second, so `data` yields the bytes on its first read
 * (the load message) and the code afterwards (the initialise message).
 */
export function languageData(lang: string, tessdataDir?: string): { code: string; data: Uint8Array | string } {
  const raw = readFileSync(modelFile(lang, tessdataDir));
  const bytes = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
  let reads = 0;
  return {
    code: lang,
    get data() {
      return reads++ === 0 ? bytes : lang;
    },
  };
}
