import { concatBytes as concat } from '../verify/bytes';

// The verifier's byte joiner serves the DER writer too (a single part comes back as is: every caller
// here wraps the result in a TLV, which copies).
export { concat };
/**
 * Minimal DER writers for the few structures that the asn1 class libraries lack or get wrong
 * (ESS signing-certificate-v2, TSA failure responses, DER-sorted SET OF).
 */

export function tlv(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  const out = new Uint8Array(1 + len.length + n);
  out[0] = tag;
  out.set(len, 1);
  out.set(content, 1 + len.length);
  return out;
}


export const sequence = (...parts: Uint8Array[]) => tlv(0x30, concat(parts));
export const octetString = (bytes: Uint8Array) => tlv(0x04, bytes);
export const utf8String = (text: string) => tlv(0x0c, new TextEncoder().encode(text.normalize('NFC')));

export function smallInteger(n: number): Uint8Array {
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  if (bytes.length === 0 || bytes[0] >= 0x80) bytes.unshift(0);
  return tlv(0x02, new Uint8Array(bytes));
}

/** DER SET OF: elements sorted as octet strings (X.690 §11.6). */
export function setOf(elements: Uint8Array[]): Uint8Array {
  const sorted = [...elements].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return tlv(0x31, concat(sorted));
}

/** DER BIT STRING for named bits (trailing zero bits removed, as DER wants). */
export function namedBits(bits: number[]): Uint8Array {
  if (bits.length === 0) return tlv(0x03, new Uint8Array([0]));
  const top = Math.max(...bits);
  const bytes = new Uint8Array(Math.floor(top / 8) + 1);
  for (const b of bits) bytes[b >> 3] |= 0x80 >> (b & 7);
  return tlv(0x03, concat([new Uint8Array([7 - (top & 7)]), bytes]));
}

/** One TLV found by `readTlv`: where its content starts and where it ends. */
export interface Tlv {
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}

/** Reads the (single-byte-tag, definite-length) TLV at `offset`; throws on truncation. */
export function readTlv(bytes: Uint8Array, offset = 0): Tlv {
  if (offset + 2 > bytes.length) throw new Error('truncated DER');
  const tag = bytes[offset];
  let length = bytes[offset + 1];
  let contentStart = offset + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 4) throw new Error('unsupported DER length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[contentStart + i];
    contentStart += n;
  }
  const end = contentStart + length;
  if (end > bytes.length) throw new Error('truncated DER');
  return { tag, start: offset, contentStart, end };
}

/** The TLVs directly inside a constructed TLV. */
export function childrenOf(bytes: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.contentStart; at < parent.end; at = out[out.length - 1].end) out.push(readTlv(bytes, at));
  return out;
}
