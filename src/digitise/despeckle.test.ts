import { describe, expect, it } from 'vitest';
import { findSpecks, removeSpecks } from './despeckle';
import type { Raw } from './image-ops';

/** A white page with dark rectangles [x, y, w, h]. */
function page(rects: number[][], width = 400, height = 200): Raw {
  const data = Buffer.alloc(width * height, 255);
  for (const [x, y, w, h] of rects) for (let yy = y; yy < y + h; yy++) data.fill(20, yy * width + x, yy * width + x + w);
  return { data, width, height, channels: 1 };
}
const at = (img: Raw, x: number, y: number) => img.data[y * img.width + x];
/** A line of "letters" `size` px tall, 40 of them: what the x-height is measured from. */
const letters = (size: number) => Array.from({ length: 40 }, (_, i) => [5 + i * 9, 150, 5, size]);

describe('despeckle: dirt smaller than the writing goes, the writing stays', () => {
  it('body text (x-height 25 px): 2 × 2 and 3 × 3 specks go; a 5 × 5 dot (full stop, nặng) and the letters stay', () => {
    const img = page([...letters(25), [50, 20, 2, 2], [100, 20, 3, 3], [150, 20, 1, 1], [200, 20, 5, 5]]);
    const specks = findSpecks(img);
    expect(specks.count).toBe(3);
    const clean = removeSpecks(img, specks);
    for (const [x, y] of [[50, 20], [101, 21], [150, 20]]) expect(at(clean, x, y)).toBe(255);
    expect(at(clean, 202, 22)).toBe(20);
    expect(at(clean, 7, 160)).toBe(20);
  });

  it('small print (x-height 12 px): its 3 × 3 dots are writing, only single-pixel dirt goes', () => {
    const img = page([...letters(12), [100, 20, 3, 3], [150, 20, 1, 1]]);
    const clean = removeSpecks(img, findSpecks(img));
    expect(at(clean, 101, 21)).toBe(20);
    expect(at(clean, 150, 20)).toBe(255);
  });

  it('a page without letters has no specks (nothing to tell dirt from writing by)', () => {
    expect(findSpecks(page([[10, 10, 2, 2], [40, 40, 1, 1]])).count).toBe(0);
  });
});
