/**
 * OCR quality metrics, ported line for line from ../shared/tools/cer.mjs (that file is a CLI
 * that reads argv at import, so it cannot be imported). Keep the two in step: the thresholds of
 * the OCR quality gate were measured with this port and agree with cer.mjs on every sample page.
 *
 * Both texts are NFC-normalised, hyphenation at line ends is joined, and all white space is
 * folded to one space. CER = Levenshtein(truth, ocr) / len(truth). Word recall = share of the
 * truth's distinct words (3+ letters, lower case) that appear as words in the OCR text: what a
 * person searching the PDF would find.
 */
const norm = (s: string) =>
  s.normalize('NFC').replace(/-\n/g, '').replace(/[\u00ad]/g, '')
    .replace(/[“”]/g, '"').replace(/[‘’]/g, "'").replace(/\s+/g, ' ').trim();

function lev(a: string, b: string): number {
  const n = a.length, m = b.length;
  let prev = new Uint32Array(m + 1), cur = new Uint32Array(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const sub = prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const del = prev[j] + 1, ins = cur[j - 1] + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[m];
}

const words = (s: string) => new Set(s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3));

export interface OcrScore { cer: number; wordRecall: number; chars: number }

export function ocrScore(truthText: string, ocrText: string): OcrScore {
  const truth = norm(truthText);
  const ocr = norm(ocrText);
  const cer = lev(truth, ocr) / Math.max(1, truth.length);
  const tw = words(truth), ow = words(ocr);
  let found = 0;
  for (const w of tw) if (ow.has(w)) found++;
  return { cer, wordRecall: found / Math.max(1, tw.size), chars: truth.length };
}
