import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTool, runTool } from '../../test/support/tools';
import { main } from '../cli/main';
import { InvalidInputError } from '../shared/errors';
import { digitise, type DigitiseResult } from './digitise';
import { srgbProfile } from './icc';
import { createDigitisePool, type DigitisePool } from './pool';
import { foldForSearch } from '../search/fold';
import { LINES, exifRotated, fadeAndBlur, renderPage, speckle, turnAndSkew } from './testing/fixtures';

const hasPdftotext = haveTool('pdftotext');
const hasQpdf = haveTool('qpdf');
const dir = mkdtempSync(join(tmpdir(), 'taicho-digitise-'));

let pool: DigitisePool;
let result: DigitiseResult;
let progress: number[] = [];

/**
 * Words of a line as pdftotext should give them back: NFC, in order, each a separate word,
 * with every diacritic. Letter case is not compared: tesseract may read a lone "ở" as "Ở".
 */
function expectLinesInOrder(text: string, lines: string[]): void {
  const flat = ` ${text.normalize('NFC').toLowerCase().replace(/[.,:]/g, ' ').replace(/\s+/g, ' ')} `;
  let from = 0;
  for (const line of lines) {
    const words = line.toLowerCase().replace(/[.,:]/g, '').split(' ');
    for (const word of words) {
      const at = flat.indexOf(` ${word} `, from);
      expect(at, `"${word}" (of "${line}") after offset ${from} in: ${flat}`).toBeGreaterThanOrEqual(0);
      from = at + word.length + 1;
    }
  }
}

async function scannerPdf(image: Buffer): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const jpg = await doc.embedJpg(await sharp(image).jpeg({ quality: 90 }).toBuffer());
  const page = doc.addPage([(jpg.width * 72) / 300, (jpg.height * 72) / 300]);
  page.drawImage(jpg, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
  return Buffer.from(await doc.save());
}

async function textPdf(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([400, 200]);
  page.drawText(text, { x: 40, y: 100, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save());
}

const page = (i: number) => [LINES[i], LINES[(i + 1) % LINES.length]];

beforeAll(async () => {
  pool = createDigitisePool({ threads: 2 });
  const inputs = [
    { name: 'clean.png', bytes: await renderPage(page(0)) },
    { name: 'turned-noisy.png', bytes: await speckle(await turnAndSkew(await renderPage(page(1)), 90, 3), 0.01) },
    { name: 'faded-exif.jpg', bytes: await exifRotated(await fadeAndBlur(await renderPage(page(2)))) },
    { name: 'scanner.pdf', bytes: await scannerPdf(await turnAndSkew(await renderPage(page(3)), 180, 0)) },
    { name: 'typed.pdf', bytes: await textPdf('Typed page keeps its own text layer') },
  ];
  result = await digitise(
    inputs.map((i) => ({ name: i.name, bytes: new Uint8Array(i.bytes) })),
    { pool, title: 'Hồ sơ thử nghiệm', onProgress: (p) => progress.push(p.pagesDone) },
  );
  writeFileSync(join(dir, 'out.pdf'), result.pdf);
}, 120_000);

afterAll(async () => {
  await pool?.destroy();
});

describe('digitise: scans become one searchable PDF/A', () => {
  it('has one page per input page, reports progress per page', () => {
    expect(result.pages).toHaveLength(5);
    expect(progress).toEqual([1, 2, 3, 4, 5]);
    expect(result.pages.map((p) => p.rotation)).toEqual([0, 270, 0, 180, 0]);
  });

  it.skipIf(!hasPdftotext)('pdftotext finds every word, in order, with Vietnamese diacritics', () => {
    const out = runTool('pdftotext', [join(dir, 'out.pdf'), '-']);
    expect(out.status).toBe(0);
    const pages = out.stdout.split('\f');
    for (let i = 0; i < 4; i++) expectLinesInOrder(pages[i], page(i));
    expect(pages[4]).toContain('Typed page keeps its own text layer');
    expect(out.stdout).toBe(out.stdout.normalize('NFC'));
    expect(foldForSearch(out.stdout)).toContain('thu tuc hanh chinh');
  });

  it('returns the page text for the search index, born-digital pages included', () => {
    expect(result.pages[0].text).toContain('Thủ tục hành chính');
    expect(result.pages[4].text).toBe('Typed page keeps its own text layer');
    expect(foldForSearch(result.pages[2].text)).toContain('nguoi nop ho so');
  });

  it.skipIf(!hasQpdf)('passes qpdf --check', () => {
    const r = runTool('qpdf', ['--check', join(dir, 'out.pdf')]);
    expect(r.stdout + r.stderr).toContain('No syntax or stream encoding errors');
    expect(r.status).toBe(0);
  });

  it('carries PDF/A-2b identification, an sRGB output intent and a document ID', async () => {
    const doc = await PDFDocument.load(result.pdf, { updateMetadata: false });
    const xmp = doc.context.lookup(doc.catalog.get(PDFName.of('Metadata'))) as PDFRawStream;
    const xml = Buffer.from(xmp.getContents()).toString('utf8');
    expect(xml).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(xml).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(xml).toContain('Hồ sơ thử nghiệm');
    const intents = doc.catalog.get(PDFName.of('OutputIntents'));
    expect(String(doc.context.lookup(intents))).toContain('/GTS_PDFA1');
    expect(doc.context.trailerInfo.ID).toBeDefined();
    expect(Buffer.from(result.pdf).toString('latin1')).not.toMatch(/\/ObjStm/);
  });

  it('the generated sRGB profile is accepted by lcms (through libvips)', async () => {
    const icc = join(dir, 'srgb.icc');
    writeFileSync(icc, srgbProfile());
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#c03030' } }).withIccProfile(icc).png().toBuffer();
    expect((await sharp(png).metadata()).icc?.length).toBe(srgbProfile().length);
  });

  it('page images are at least 200 dpi', async () => {
    const doc = await PDFDocument.load(result.pdf);
    for (const p of doc.getPages().slice(0, 4)) {
      const xobjects = p.node.Resources()!.lookup(PDFName.of('XObject'), PDFDict);
      const images = xobjects.values().map((ref) => doc.context.lookup(ref) as PDFRawStream);
      expect(images).toHaveLength(1);
      const width = (images[0].dict.get(PDFName.of('Width')) as PDFNumber).asNumber();
      expect((width / p.getWidth()) * 72).toBeGreaterThanOrEqual(200);
    }
  });
});

describe('failures stay with their document', () => {
  it('a broken image fails its document with a clear error; the pool keeps serving', async () => {
    const good = { name: 'good.png', bytes: new Uint8Array(await renderPage(page(4))) };
    const broken = { name: 'broken.jpg', bytes: new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)])) };
    const [bad, ok] = await Promise.allSettled([digitise([good, broken], { pool }), digitise([good], { pool })]);
    expect(bad.status).toBe('rejected');
    const err = (bad as PromiseRejectedResult).reason;
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.message).toContain('broken.jpg');
    expect(ok.status).toBe('fulfilled');
    expect((ok as PromiseFulfilledResult<DigitiseResult>).value.pages[0].text).toContain('đóng dấu đỏ');
  }, 60_000);

  it('an unknown format is refused before any work, naming the file', async () => {
    await expect(digitise([{ name: 'notes.txt', bytes: new TextEncoder().encode('hello') }], { pool })).rejects.toThrow(/notes\.txt: not a JPEG/);
  });
});

describe('taicho ocr', () => {
  const io = () => {
    const err: string[] = [];
    return { err, io: { stdout: () => undefined, stderr: (s: string) => void err.push(s), env: {}, cwd: dir } };
  };

  it('exits 1 with a message on a bad input', async () => {
    writeFileSync(join(dir, 'bad.png'), 'not an image');
    const { err, io: cliIo } = io();
    expect(await main(['ocr', 'bad.png', '-o', 'x.pdf'], cliIo)).toBe(1);
    expect(err.join('')).toContain('bad.png: not a JPEG');
    const missing = io();
    expect(await main(['ocr', 'missing.png', '-o', 'x.pdf'], missing.io)).toBe(1);
    expect(missing.err.join('')).toContain('missing.png: cannot read');
  });

  it.skipIf(!hasPdftotext)('writes one PDF from several inputs, in order, with progress on stderr', async () => {
    writeFileSync(join(dir, 'a.png'), await renderPage([LINES[1]]));
    writeFileSync(join(dir, 'b.png'), await renderPage([LINES[3]]));
    const { err, io: cliIo } = io();
    expect(await main(['ocr', 'a.png', 'b.png', '-o', 'cli.pdf', '--jobs', '1'], cliIo)).toBe(0);
    expect(err.join('')).toMatch(/page 2\/2 done/);
    const text = runTool('pdftotext', [join(dir, 'cli.pdf'), '-']).stdout;
    expectLinesInOrder(text, [LINES[1], LINES[3]]);
    expect(readFileSync(join(dir, 'cli.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  }, 60_000);
});
