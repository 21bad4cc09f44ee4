import { expect } from 'vitest';

/**
 * Changes one digit of the page width in the first revision of a signed PDF: a place chosen
 * from the file's structure, inside the first signature's first signed range (so every
 * signature covers it), that leaves a well-formed PDF a reader still opens and judges.
 */
export function tamperPageSize(bytes: Uint8Array): Uint8Array {
  const text = Buffer.from(bytes).toString('latin1');
  const range = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)/.exec(text);
  expect(range, 'the PDF has a /ByteRange').not.toBeNull();
  const firstRangeEnd = Number(range![1]) + Number(range![2]);
  const box = /\/MediaBox\s*\[\s*[\d.]+\s+[\d.]+\s+(\d)/.exec(text);
  expect(box, 'the PDF has a /MediaBox').not.toBeNull();
  const at = box!.index + box![0].length - 1; // the width's first digit
  expect(at, 'the page size lies inside the signed range').toBeLessThan(firstRangeEnd);
  const out = Uint8Array.from(bytes);
  out[at] = out[at] === 0x35 ? 0x36 : 0x35; // another digit: the page is only a little wider or narrower
  return out;
}
