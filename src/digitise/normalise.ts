import { deflateSync } from 'node:zlib';
import type { RasterPage } from './decode';
import { findSpecks, removeSpecks } from './despeckle';
import { analyseLayout, type Layout } from './geometry';
import { evenIllumination, hasColour, midtoneShare, sharpOf, speckShare, stretchContrast, toRaw, type Raw } from './image-ops';
import type { NormalisedPage } from './types';

/** OCR and page-image resolution: tesseract is trained around 300 dpi; Decree 30/2020 asks ≥ 200. */
export const OCR_DPI = 300;
const LAYOUT_DPI = 150;
const JPEG_QUALITY = 75;
const WHITE = { r: 255, g: 255, b: 255 };
/**
 * Above 1 isolated speck per 20,000 pixels (≈ 430 on an A4 page at 300 dpi) the page gets a
 * 3×3 median. Clean scans, phone photos and the shared samples measure 0–4e-6; a lightly
 * speckled photocopy ~1e-3.
 */
const SPECKLE_SHARE = 5e-5;

/**
 * Stage 2 (chuẩn hoá ảnh): resolution to 300 dpi, denoise (3×3 median: salt-and-pepper),
 * illumination evening, specks removed, orientation and deskew from measured geometry,
 * contrast stretch. Yields the cleaned grey image for OCR and the page image for the PDF
 * (colour JPEG when the paper has colour, else the smaller of grey JPEG and 1-bit).
 */
export async function normalise(page: RasterPage): Promise<NormalisedPage> {
  const scale = OCR_DPI / page.dpi;
  const width = Math.max(1, Math.round(page.width * scale));
  const height = Math.max(1, Math.round(page.height * scale));
  const source: Raw = { data: page.pixels, width: page.width, height: page.height, channels: page.channels };
  // Resampled once, then shared: a sharp pipeline re-runs its resize for every clone taken from it.
  const sized = scale === 1 ? source : await toRaw(sharpOf(source).resize(width, height, { fit: 'fill', kernel: 'lanczos3' }), page.channels);
  // Colour is only worth keeping (and evening per channel) when the paper really has some;
  // judged on a quarter-size copy, so grey paper photographed in colour costs little.
  const colourPage = sized.channels === 3 && hasColour(await whiteBalanced(sized)) ? sized : undefined;
  // Grey first, then the median (khử nhiễu): sharp orders operations itself and would filter
  // all three channels before converting (seconds on a noisy colour page).
  const plainGrey = sized.channels === 1 ? sized : await toRaw(sharpOf(sized).toColourspace('b-w'), 1);
  const denoised = speckShare(plainGrey) > SPECKLE_SHARE ? await toRaw(sharpOf(plainGrey).median(3), 1) : plainGrey;
  // Contrast before the specks are looked for: on a faded page the tone marks only join up
  // into whole components once the ink is dark again (a stretch commutes with the turn below).
  // The evened page is a fresh buffer used nowhere else: stretched where it lies.
  const stretched = stretchContrast(await evenIllumination(denoised), true);
  const grey = removeSpecks(stretched, findSpecks(stretched));

  const layout = await measureLayout(grey);
  const ocrGrey = await applyLayout(grey, layout);
  const ocrImage = pgm(ocrGrey);
  const display = colourPage
    ? { bytes: await jpeg(await applyLayout(await evenIllumination(colourPage), layout)), format: 'jpeg' as const, colour: true }
    : await greyDisplay(ocrGrey);
  return {
    display,
    ocrImage,
    width: ocrGrey.width,
    height: ocrGrey.height,
    dpi: OCR_DPI,
    hasColour: colourPage !== undefined,
    rotation: layout.rotation,
    skew: layout.skew,
  };
}

async function measureLayout(grey: Raw): Promise<Layout> {
  const f = LAYOUT_DPI / OCR_DPI;
  const small = await toRaw(
    sharpOf(grey).resize(Math.max(1, Math.round(grey.width * f)), Math.max(1, Math.round(grey.height * f)), { fit: 'fill' }),
    1,
  );
  return analyseLayout(small.data, small.width, small.height);
}

/** Quarter turn plus deskew in one resampling, cropped back to the page's upright size. */
async function applyLayout(img: Raw, layout: Layout): Promise<Raw> {
  if (layout.rotation === 0 && layout.skew === 0) return img;
  const swap = layout.rotation === 90 || layout.rotation === 270;
  const w = swap ? img.height : img.width;
  const h = swap ? img.width : img.height;
  const rotated = await toRaw(sharpOf(img).rotate(layout.rotation - layout.skew, { background: WHITE }), img.channels);
  const left = Math.max(0, Math.floor((rotated.width - w) / 2));
  const top = Math.max(0, Math.floor((rotated.height - h) / 2));
  return toRaw(
    sharpOf(rotated).extract({ left, top, width: Math.min(w, rotated.width), height: Math.min(h, rotated.height) }),
    img.channels,
  );
}

/**
 * Binary PGM for tesseract: Leptonica reads it without decompression, where a PNG would be
 * deflated here and inflated again inside the wasm engine.
 */
function pgm(grey: Raw): Uint8Array {
  const header = Buffer.from(`P5\n${grey.width} ${grey.height}\n255\n`, 'latin1');
  return new Uint8Array(Buffer.concat([header, grey.data]));
}

/** A small copy with each channel scaled so the paper is white: chroma then means ink colour. */
async function whiteBalanced(colourPage: Raw): Promise<Raw> {
  const small = await toRaw(sharpOf(colourPage).resize(Math.max(1, Math.round(colourPage.width / 4)), Math.max(1, Math.round(colourPage.height / 4)), { fit: 'fill' }), 3);
  return evenIllumination(small);
}

function jpeg(img: Raw): Promise<Buffer> {
  return sharpOf(img).jpeg({ quality: JPEG_QUALITY }).toBuffer();
}

/**
 * Text-only pages (few mid-tones once cleaned) become 1-bit Flate, which on such pages is
 * several times smaller than a grey JPEG (bench: ~40 KB vs ~300 KB per A4 page at 300 dpi);
 * the JPEG is only encoded when the bilevel result turns out larger anyway (dense halftones).
 * Pages with photos or shading stay grey JPEG.
 */
async function greyDisplay(grey: Raw): Promise<NormalisedPage['display']> {
  const greyJpeg = async () => ({ bytes: await jpeg(grey), format: 'jpeg' as const, colour: false });
  if (midtoneShare(grey) > 0.03) return greyJpeg();
  const bilevel = deflateSync(packBits(grey), { level: 6 });
  // A JPEG of a clean text page at q75 is rarely under ~1.2 bits per 100 pixels.
  if (bilevel.length < (grey.width * grey.height) / 80) return { bytes: bilevel, format: 'bilevel', colour: false };
  const j = await greyJpeg();
  return j.bytes.length < bilevel.length ? j : { bytes: bilevel, format: 'bilevel', colour: false };
}

/** 1 bit a pixel, white = 1; whole bytes of eight pixels at a time (a third of the time per bit). */
function packBits(grey: Raw): Buffer {
  const stride = Math.ceil(grey.width / 8);
  const out = new Uint8Array(stride * grey.height);
  const d = grey.data;
  const w = grey.width, whole = w >> 3;
  for (let y = 0; y < grey.height; y++) {
    const row = y * w, outRow = y * stride;
    for (let b = 0, p = row; b < whole; b++, p += 8) {
      out[outRow + b] =
        (d[p] >= 160 ? 128 : 0) | (d[p + 1] >= 160 ? 64 : 0) | (d[p + 2] >= 160 ? 32 : 0) | (d[p + 3] >= 160 ? 16 : 0) |
        (d[p + 4] >= 160 ? 8 : 0) | (d[p + 5] >= 160 ? 4 : 0) | (d[p + 6] >= 160 ? 2 : 0) | (d[p + 7] >= 160 ? 1 : 0);
    }
    for (let x = whole * 8; x < w; x++) if (d[row + x] >= 160) out[outRow + whole] |= 0x80 >> (x & 7);
  }
  return Buffer.from(out.buffer);
}
