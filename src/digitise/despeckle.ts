import type { Raw } from './image-ops';

/** Darker than this is ink (the page has been evened: paper ≈ 255). */
const INK = 160;
/** The largest speck considered at all: 4 × 4 px (at 300 dpi, text of 12 pt and more). */
const LARGEST_SIDE = 4;
/**
 * A speck is at most a sixth of the page's x-height across: the smallest marks of writing are
 * larger (a full stop, the dot of "i" or of the tone mark nặng are about a fifth of it and
 * more), while toner dust and dirt on the glass, even grown by resampling a 200 dpi scan, stay
 * below it. Scaling by the x-height keeps the dots of small print.
 */
const SPECK_PER_X_HEIGHT = 1 / 6;
/** Components at least this tall (px) are writing, for the x-height estimate. */
const LETTER_MIN_HEIGHT = 8;

export interface Specks {
  /** How many specks the page has. */
  count: number;
  /** Their pixels (indices into the image). */
  pixels: Int32Array;
}

/**
 * Small isolated dark blobs (khử đốm): connected components (8-neighbour) of ink small enough to
 * be dirt rather than writing. A 3×3 median removes single-pixel salt but neither specks of
 * 2–3 px nor those a resampling has grown; left in, they sit above the letters where tone marks
 * go and turn Vietnamese words into English ones.
 */
export function findSpecks(grey: Raw): Specks {
  const { data, width: w, height: h } = grey;
  const seen = new Uint8Array(w * h);
  const stack = new Int32Array(w * h);
  const candidates: { side: number; pixels: Int32Array }[] = [];
  const heights = new Uint32Array(256);
  for (let start = 0; start < data.length; start++) {
    if (data[start] >= INK || seen[start]) continue;
    // Flood the whole component (each ink pixel is visited once), remembering its extent.
    let top = 0, end = 0;
    stack[end++] = start;
    seen[start] = 1;
    let x0 = w, x1 = 0, y0 = h, y1 = 0;
    while (top < end) {
      const i = stack[top++];
      const y = (i / w) | 0, x = i - y * w;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= w) continue;
          const j = yy * w + xx;
          if (seen[j] || data[j] >= INK) continue;
          seen[j] = 1;
          stack[end++] = j;
        }
      }
    }
    const side = Math.max(x1 - x0, y1 - y0) + 1;
    if (side <= LARGEST_SIDE) candidates.push({ side, pixels: stack.slice(0, end) });
    else if (y1 - y0 + 1 >= LETTER_MIN_HEIGHT) heights[Math.min(255, y1 - y0 + 1)]++;
  }
  const limit = Math.floor(xHeight(heights) * SPECK_PER_X_HEIGHT);
  const specks = candidates.filter((c) => c.side <= limit);
  const pixels = new Int32Array(specks.reduce((n, s) => n + s.pixels.length, 0));
  specks.reduce((at, s) => (pixels.set(s.pixels, at), at + s.pixels.length), 0);
  return { count: specks.length, pixels };
}

/**
 * The lower quartile of the letters' heights: x-height letters (a, n, o, …) outnumber the tall
 * ones, but with Vietnamese tone marks many small letters are tall too, so not the median.
 * No letters (a blank or picture page): 0, and nothing counts as a speck.
 */
function xHeight(heights: Uint32Array): number {
  const total = heights.reduce((a, b) => a + b, 0);
  let acc = 0;
  for (let hgt = 0; hgt < heights.length; hgt++) {
    acc += heights[hgt];
    if (acc * 4 >= total && total > 0) return hgt;
  }
  return 0;
}

/** The page with the specks' pixels, and their lighter rims, set to paper white. */
export function removeSpecks(grey: Raw, specks: Specks): Raw {
  if (specks.count === 0) return grey;
  const out = Buffer.from(grey.data);
  const w = grey.width;
  for (const i of specks.pixels) {
    for (const j of [i, i - 1, i + 1, i - w, i + w]) if (j >= 0 && j < out.length) out[j] = 255;
  }
  return { ...grey, data: out };
}
