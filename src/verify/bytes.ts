/**
 * Byte helpers on plain Uint8Array, so that the verifier runs wherever there is a JavaScript
 * engine (no Node `Buffer`). The searches start from the engine's own `indexOf` of one byte,
 * which keeps them close to Buffer's speed on the large files the parser scans.
 */

/** Bytes as a string of code points 0–255 (PDF syntax, PEM armour). TextDecoder's "latin1" is windows-1252, so not used. */
export function latin1(b: Uint8Array, start = 0, end = b.length): string {
  let s = '';
  if (end - start <= 16) {
    // PDF tokens: a loop beats making a view for fromCharCode.apply.
    for (let i = start; i < end; i++) s += String.fromCharCode(b[i]);
    return s;
  }
  for (let i = start; i < end; i += 8192) s += String.fromCharCode.apply(null, b.subarray(i, Math.min(end, i + 8192)) as unknown as number[]);
  return s;
}

export function latin1Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/** First offset ≥ from where `needle` occurs in `hay`, else -1. */
export function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  if (needle.length === 0) return Math.min(Math.max(from, 0), hay.length);
  const first = needle[0];
  const last = hay.length - needle.length;
  for (let i = hay.indexOf(first, Math.max(from, 0)); i >= 0 && i <= last; i = hay.indexOf(first, i + 1)) {
    if (matchesAt(hay, needle, i)) return i;
  }
  return -1;
}

/** Last offset where `needle` starts in `hay`, else -1. */
export function lastIndexOfBytes(hay: Uint8Array, needle: Uint8Array): number {
  if (needle.length === 0) return hay.length;
  for (let i = hay.lastIndexOf(needle[0], hay.length - needle.length); i >= 0; i = i > 0 ? hay.lastIndexOf(needle[0], i - 1) : -1) {
    if (matchesAt(hay, needle, i)) return i;
  }
  return -1;
}

function matchesAt(hay: Uint8Array, needle: Uint8Array, at: number): boolean {
  for (let j = 1; j < needle.length; j++) if (hay[at + j] !== needle[j]) return false;
  return true;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lexicographic order, shorter first on a common prefix (DER's SET OF order). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX[b[i]];
  return s;
}

/** Base64 (whitespace ignored) → bytes; atob is in every JavaScript runtime the verifier targets. */
export function fromBase64(b64: string): Uint8Array {
  return latin1Bytes(atob(b64.replace(/[^A-Za-z0-9+/]/g, '')));
}

export function utf8(b: Uint8Array): string {
  return new TextDecoder('utf-8').decode(b);
}

/** UTF-16 big-endian (PDF text strings after their BOM); a trailing odd byte is dropped. */
export function utf16be(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i] << 8) | b[i + 1]);
  return s;
}
