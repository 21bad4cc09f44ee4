import { InvalidInputError } from '../shared/errors';

// Apart from ocr.ts so that the server's thread, which only hands pages to the OCR threads,
// checks a language setting without loading tesseract.js.

/** Languages we ship data for; others would need a package and a fetch, which we never do. */
const SHIPPED = new Set(['vie', 'eng']);

export function parseLangs(spec: string): string[] {
  const langs = spec.split('+').map((l) => l.trim()).filter(Boolean);
  const unknown = langs.filter((l) => !SHIPPED.has(l));
  if (langs.length === 0 || unknown.length > 0) {
    throw new InvalidInputError('bad_lang', `--lang '${spec}': only vie, eng or vie+eng are shipped (got ${unknown.join(', ') || 'nothing'})`);
  }
  return langs;
}
