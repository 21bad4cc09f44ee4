import { describe, expect, it } from 'vitest';
import { evenIllumination, stretchContrast, type Raw } from './image-ops';

/** Faded grey ink (level 120) in stripes on light paper (230): a page worth stretching. */
function fadedPage(): Raw {
  const width = 64, height = 48;
  const data = Buffer.alloc(width * height, 230);
  for (let y = 8; y < 40; y += 8) data.fill(120, y * width + 4, (y + 2) * width - 4);
  return { data, width, height, channels: 1 };
}

describe('stretchContrast', () => {
  it('by default returns new pixels and leaves its input as it was', () => {
    const page = fadedPage();
    const before = Buffer.from(page.data);
    const out = stretchContrast(page);
    expect(out.data).not.toBe(page.data);
    expect(page.data.equals(before)).toBe(true);
    expect(out.data[8 * page.width + 10]).toBe(0); // the ink is black now
  });

  it('in place: the same pixels, written over the input (no page-sized copy)', () => {
    const copying = stretchContrast(fadedPage());
    const page = fadedPage();
    const inPlace = stretchContrast(page, true);
    expect(inPlace.data).toBe(page.data);
    expect(inPlace.data.equals(copying.data)).toBe(true);
  });
});

describe('evenIllumination', () => {
  it('leaves its input as it was and whitens the paper under the ink', async () => {
    const page = fadedPage();
    const before = Buffer.from(page.data);
    const out = await evenIllumination(page);
    expect(page.data.equals(before)).toBe(true);
    expect(out.data).not.toBe(page.data);
    expect(out.data[0]).toBe(255);
    expect(out.data[8 * page.width + 10]).toBeLessThan(160);
  });
});
