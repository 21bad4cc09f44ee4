import sharp, { type OutputInfo, type Sharp } from 'sharp';

/** Raw interleaved 8-bit image, the currency between the clean-up steps. */
export interface Raw {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 3;
}

export function sharpOf(img: Raw): Sharp {
  return sharp(img.data, { raw: { width: img.width, height: img.height, channels: img.channels } });
}

/** Raw pixels with exactly `channels` channels (sharp otherwise widens grey to sRGB on output). */
export async function toRaw(pipeline: Sharp, channels: 1 | 3): Promise<Raw> {
  const { data, info } = await pipeline
    .toColourspace(channels === 1 ? 'b-w' : 'srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== channels) throw new Error(`expected ${channels} channels, got ${info.channels}`);
  return { data, width: info.width, height: info.height, channels };
}

const BG_SCALE = 16;
const BG_WINDOW = 3; // half-width of the max filter on the 1/16 image: 7×7 blocks ≈ 0.37" at 300 dpi

/**
 * Illumination evening (làm đều nền): divide each channel by an estimate of the paper under
 * it. The paper estimate is a local maximum over blocks small enough that some fall between
 * text lines, then smoothed, so shadows, yellowed paper and phone-photo vignetting become
 * white while ink keeps its contrast.
 */
export async function evenIllumination(img: Raw): Promise<Raw> {
  const sw = Math.max(1, Math.ceil(img.width / BG_SCALE));
  const sh = Math.max(1, Math.ceil(img.height / BG_SCALE));
  const small = await toRaw(sharpOf(img).resize(sw, sh, { fit: 'fill', kernel: 'linear' }), img.channels);
  const paper = maxFilter(small, BG_WINDOW);
  const bg = await toRaw(
    sharpOf(paper).blur(2).resize(img.width, img.height, { fit: 'fill', kernel: 'linear' }),
    img.channels,
  );
  const src = img.data, lut = divisionTable();
  // Written over the paper estimate (read once per sample, then not needed): no third
  // page-sized buffer. A table lookup instead of a float division per sample: ~5× faster.
  const out = bg.data;
  for (let i = 0; i < src.length; i++) out[i] = lut[(out[i] << 8) | src[i]];
  return { ...img, data: out };
}

let division: Uint8Array | undefined;

/** min(255, value × 255 / paper) for every (paper, value) pair, indexed paper << 8 | value. */
function divisionTable(): Uint8Array {
  if (division) return division;
  division = new Uint8Array(256 * 256);
  for (let paper = 0; paper < 256; paper++) {
    for (let v = 0; v < 256; v++) division[(paper << 8) | v] = Math.min(255, Math.round((v * 255) / (paper || 1)));
  }
  return division;
}

/**
 * Share of the page covered by isolated specks: dark pixels with no dark neighbour
 * (salt-and-pepper from photocopiers and dusty glass). Clean scans score ~0; a median filter
 * is only worth its cost, and its slight erosion of thin tone marks, above a small share.
 */
export function speckShare(grey: Raw, threshold = 128): number {
  const { data, width: w, height: h } = grey;
  let specks = 0;
  for (let y = 1; y < h - 1; y++) {
    const row = y * w;
    for (let x = 1; x < w - 1; x++) {
      const i = row + x;
      if (data[i] >= threshold) continue;
      let dark = 0;
      if (data[i - w - 1] < threshold) dark++;
      if (data[i - w] < threshold) dark++;
      if (data[i - w + 1] < threshold) dark++;
      if (data[i - 1] < threshold) dark++;
      if (data[i + 1] < threshold) dark++;
      if (data[i + w - 1] < threshold) dark++;
      if (data[i + w] < threshold) dark++;
      if (data[i + w + 1] < threshold) dark++;
      if (dark === 0) specks++;
    }
  }
  return specks / (w * h);
}

/** Separable max filter (grey dilation of the paper), per channel. */
function maxFilter(img: Raw, r: number): Raw {
  const { width: w, height: h, channels: c } = img;
  const pass = (src: Buffer, horizontal: boolean): Buffer => {
    const dst = Buffer.alloc(src.length);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (let k = 0; k < c; k++) {
          let m = 0;
          for (let d = -r; d <= r; d++) {
            const xx = horizontal ? x + d : x, yy = horizontal ? y : y + d;
            if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
            const v = src[(yy * w + xx) * c + k];
            if (v > m) m = v;
          }
          dst[(y * w + x) * c + k] = m;
        }
      }
    }
    return dst;
  };
  return { ...img, data: pass(pass(img.data, true), false) };
}

/**
 * Contrast (tăng tương phản) for faded text: stretch the ink's level (10th percentile of
 * clearly-dark pixels) to black and near-white to white. Clean pages barely change.
 * `inPlace` when the caller owns `img` and no longer needs it (saves a page-sized copy).
 */
export function stretchContrast(img: Raw, inPlace = false): Raw {
  // Integer counts: a float increment per pixel made this pass twice as slow.
  const hist = new Uint32Array(256);
  const d = img.data;
  for (let i = 0; i < d.length; i++) hist[d[i]]++;
  let inkCount = 0;
  for (let v = 0; v < 200; v++) inkCount += hist[v];
  if (inkCount === 0) return img;
  let acc = 0, black = 0;
  for (let v = 0; v < 200; v++) { acc += hist[v]; if (acc >= inkCount * 0.1) { black = v; break; } }
  const white = 245;
  if (black >= white - 40) return img;
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.max(0, Math.min(255, Math.round(((v - black) * 255) / (white - black))));
  const out = inPlace ? d : Buffer.allocUnsafe(d.length);
  for (let i = 0; i < d.length; i++) out[i] = lut[d[i]];
  return { ...img, data: out };
}

/**
 * Whether the page has real colour (red seals, blue signatures), judged after evening so that
 * yellowed paper is not mistaken for colour: share of clearly chromatic pixels.
 */
export function hasColour(img: Raw): boolean {
  if (img.channels === 1) return false;
  let chromatic = 0;
  const d = img.data;
  for (let i = 0; i < d.length; i += 3) {
    const max = Math.max(d[i], d[i + 1], d[i + 2]), min = Math.min(d[i], d[i + 1], d[i + 2]);
    if (max - min > 80) chromatic++;
  }
  return chromatic / (d.length / 3) > 0.0005;
}

/** Share of mid-tone pixels: photographs and shading have many; clean text pages have few. */
export function midtoneShare(grey: Raw): number {
  let mid = 0;
  const d = grey.data;
  for (let i = 0; i < d.length; i++) if (d[i] > 70 && d[i] < 185) mid++;
  return mid / d.length;
}

