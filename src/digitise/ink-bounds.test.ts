import { describe, expect, it } from 'vitest';
import { inkBounds } from './ocr';

/** Every pixel read: the plain definition the margin-only scan must agree with. */
function everyPixel(body: Uint8Array, w: number, h: number) {
  let top = h, bottom = -1, left = w, right = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (body[y * w + x] >= 160) continue;
      top = Math.min(top, y); bottom = y; left = Math.min(left, x); right = Math.max(right, x);
    }
  }
  return bottom < 0 ? undefined : { top, bottom, left, right };
}

/** A white page with dark pixels at the given points. */
function page(w: number, h: number, ink: Array<[number, number]>): Uint8Array {
  const body = new Uint8Array(w * h).fill(255);
  for (const [x, y] of ink) body[y * w + x] = 40;
  return body;
}

describe('inkBounds (the inked area tesseract is given)', () => {
  it('finds the box around all ink, including a lone mark left of and right of the text block', () => {
    // Text block in the middle; the leftmost mark sits low, the rightmost high, on rows the
    // scan reaches only after it has found a narrower extent.
    const ink: Array<[number, number]> = [[30, 20], [60, 25], [45, 40], [5, 70], [95, 12]];
    expect(inkBounds(page(100, 80, ink), 100, 80)).toEqual({ top: 12, bottom: 70, left: 5, right: 95 });
  });

  it('a blank page has no ink box; ink on the very edges is kept', () => {
    expect(inkBounds(page(40, 30, []), 40, 30)).toBeUndefined();
    expect(inkBounds(page(40, 30, [[0, 29], [39, 0]]), 40, 30)).toEqual({ top: 0, bottom: 29, left: 0, right: 39 });
  });

  it('agrees with reading every pixel on random sparse pages', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    for (let k = 0; k < 200; k++) {
      const w = 1 + rand(60), h = 1 + rand(60);
      const ink = Array.from({ length: rand(6) }, (): [number, number] => [rand(w), rand(h)]);
      const body = page(w, h, ink);
      expect(inkBounds(body, w, h)).toEqual(everyPixel(body, w, h));
    }
  });
});
