/**
 * Folding for search: NFC, lower case, diacritics removed and đ/Đ → d, one output character
 * per input code point. Keeping the length means an offset found in the folded text is the
 * same offset in the original, so snippets can show the words with their diacritics.
 */
export function foldForSearch(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) out += foldChar(ch);
  return out;
}

const cache = new Map<string, string>();

function foldChar(ch: string): string {
  let f = cache.get(ch);
  if (f === undefined) {
    if (ch === 'đ' || ch === 'Đ') f = 'd';
    else {
      const base = ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
      // A lone combining mark folds to a space; anything that would change length keeps its place.
      f = base.length === 0 ? ' ' : [...base].length === 1 ? base : ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch;
    }
    cache.set(ch, f);
  }
  return f;
}

/** The FTS5 query for what a user typed: every word must occur (prefix match on the last). */
export function ftsQuery(input: string): string | undefined {
  const words = foldForSearch(input)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 12);
  if (words.length === 0) return undefined;
  return words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}
