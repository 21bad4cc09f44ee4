import { describe, expect, it } from 'vitest';
import { decode } from './decode';
import { splitInput } from './split';
import { normalise } from './normalise';
import { fadeAndBlur, renderPage, speckle, turnAndSkew } from './testing/fixtures';
import { sharpOf, speckShare, toRaw } from './image-ops';

async function normalised(bytes: Buffer) {
  const [job] = await splitInput(bytes, 'fixture');
  return normalise(await decode(job));
}

describe('normalise: orientation and skew are measured and undone', () => {
  // Each case: how the fixture was damaged (clockwise turn, clockwise skew) and the turn that undoes it.
  const cases = [
    { quarter: 0, skew: 0, fix: 0 },
    { quarter: 90, skew: 0, fix: 270 },
    { quarter: 180, skew: 0, fix: 180 },
    { quarter: 270, skew: 0, fix: 90 },
    { quarter: 0, skew: 3, fix: 0 },
    { quarter: 0, skew: -3, fix: 0 },
    { quarter: 90, skew: 3, fix: 270 },
    { quarter: 180, skew: -2, fix: 180 },
  ] as const;
  for (const c of cases) {
    it(`turned ${c.quarter}°, skewed ${c.skew}° → rotation ${c.fix}, skew within ±0.5°`, async () => {
      const page = await normalised(await turnAndSkew(await renderPage(), c.quarter, c.skew));
      expect(page.rotation).toBe(c.fix);
      expect(Math.abs(page.skew - c.skew)).toBeLessThanOrEqual(0.5);
    });
  }

  it('finds orientation and skew through speckle noise', async () => {
    const page = await normalised(await speckle(await turnAndSkew(await renderPage(), 270, 2.5), 0.03));
    expect(page.rotation).toBe(90);
    expect(Math.abs(page.skew - 2.5)).toBeLessThanOrEqual(0.5);
  });

  it('evens yellowed, unevenly lit paper to white and keeps a grey page grey', async () => {
    const page = await normalised(await fadeAndBlur(await renderPage()));
    expect(page.hasColour).toBe(false);
    const pixels = page.ocrImage.subarray(page.ocrImage.length - page.width * page.height); // PGM body
    const sorted = Uint8Array.from(pixels).sort();
    expect(sorted[Math.floor(sorted.length / 2)]).toBeGreaterThanOrEqual(250); // paper is white
    expect(sorted[Math.floor(sorted.length * 0.01)]).toBeLessThanOrEqual(60); // faded ink is dark again
  });

  it('measures speckle: a clean page scores 0, a photocopy-speckled one is well above the median threshold', async () => {
    const grey = async (png: Buffer) => {
      const [job] = await splitInput(png, 'fixture');
      const r = await decode(job);
      return speckShare(await toRaw(sharpOf({ data: r.pixels, width: r.width, height: r.height, channels: r.channels }), 1));
    };
    expect(await grey(await renderPage())).toBe(0);
    expect(await grey(await speckle(await renderPage(), 0.002))).toBeGreaterThan(5e-4);
  });

  it('stores a clean text page as 1-bit', async () => {
    const page = await normalised(await renderPage());
    expect(page.display.format).toBe('bilevel');
  });

  it('keeps colour when the paper has a red seal, as a JPEG', async () => {
    const page = await normalised(await renderPage(undefined, { seal: true }));
    expect(page.hasColour).toBe(true);
    expect(page.display).toMatchObject({ format: 'jpeg', colour: true });
  });

  it('brings a 150 dpi scan up to 300 dpi for OCR', async () => {
    const sharp = (await import('sharp')).default;
    const png = await renderPage();
    const meta = await sharp(png).metadata();
    const low = await sharp(png).resize(Math.round(meta.width! / 2)).withMetadata({ density: 150 }).png().toBuffer();
    const page = await normalised(low);
    expect(page.dpi).toBe(300);
    expect(Math.abs(page.width - meta.width!)).toBeLessThanOrEqual(2);
  });
});
