import sharp from 'sharp';
import { useShippedFontsForSvg } from '../../shared/fonts';

useShippedFontsForSvg();

/**
 * Test fixtures drawn on the fly: Vietnamese text rendered by sharp/librsvg in Liberation
 * Serif (the copy shipped in assets/fonts, whatever the system has), then damaged the way
 * scanners and phones damage paper. Small pages keep OCR in tests to about a second.
 */
export const DPI = 300;

export const LINES = [
  'Thủ tục hành chính được tiếp nhận tại bộ phận một cửa.',
  'Đơn đề nghị cấp giấy chứng nhận quyền sử dụng đất ở.',
  'Người nộp hồ sơ: Nguyễn Văn Hưởng, xã Đông Phước.',
  'Ủy ban nhân dân huyện sẽ trả kết quả đúng hẹn.',
  'Cán bộ thẩm định ký duyệt và đóng dấu đỏ lên bản chính.',
];

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/** A white page (300 dpi PNG) with the lines in 11 pt serif, optionally a red seal. */
export async function renderPage(lines: string[] = LINES, options: { seal?: boolean } = {}): Promise<Buffer> {
  const width = 1500, lineHeight = 70, top = 110;
  const height = top + lines.length * lineHeight + 90;
  const text = lines
    .map((l, i) => `<text x="80" y="${top + i * lineHeight}" font-family="Liberation Serif" font-size="46">${escape(l)}</text>`)
    .join('');
  const seal = options.seal
    ? `<circle cx="1300" cy="${height - 120}" r="80" fill="none" stroke="#d01010" stroke-width="10"/>`
    : '';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${text}${seal}</svg>`;
  return sharp(Buffer.from(svg)).flatten({ background: '#fff' }).greyscale(!options.seal).withMetadata({ density: DPI }).png().toBuffer();
}

/** Quarter turn clockwise plus a small skew (degrees, clockwise), on a white background. */
export async function turnAndSkew(png: Buffer, quarter: 0 | 90 | 180 | 270, skew: number): Promise<Buffer> {
  const turned = quarter ? await sharp(png).rotate(quarter).toBuffer() : png;
  if (skew === 0) return turned;
  return sharp(turned).rotate(skew, { background: '#ffffff' }).withMetadata({ density: DPI }).png().toBuffer();
}

/** Salt-and-pepper noise (photocopier speckle) on a share of pixels, deterministic. */
export async function speckle(img: Buffer, share = 0.02, seed = 7): Promise<Buffer> {
  const { data, info } = await sharp(img).greyscale().raw().toBuffer({ resolveWithObject: true });
  let s = seed;
  // Math.imul keeps the LCG in 32-bit integers (a float product loses bits and repeats early).
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < data.length; i++) if (rand() < share) data[i] = rand() < 0.5 ? 0 : 255;
  return sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } }).withMetadata({ density: DPI }).png().toBuffer();
}

/** Faded print on yellowed paper with uneven light, blurred, as a phone-photo JPEG. */
export async function fadeAndBlur(img: Buffer): Promise<Buffer> {
  const { data, info } = await sharp(img).greyscale().raw().toBuffer({ resolveWithObject: true });
  const rgb = Buffer.alloc(info.width * info.height * 3);
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      const v = data[y * info.width + x] / 255;
      const light = 0.8 + (0.2 * x) / info.width; // darker on the left
      const paper = [250, 238, 190];
      const ink = 120; // faded toner: grey, not black
      for (let c = 0; c < 3; c++) rgb[(y * info.width + x) * 3 + c] = Math.round((ink + (paper[c] - ink) * v) * light);
    }
  }
  return sharp(rgb, { raw: { width: info.width, height: info.height, channels: 3 } }).blur(1.2).withMetadata({ density: DPI }).jpeg({ quality: 80 }).toBuffer();
}

/** A JPEG stored sideways with EXIF orientation 6 ("rotate 90° clockwise to view"). */
export async function exifRotated(img: Buffer): Promise<Buffer> {
  const stored = await sharp(img).rotate(270).toBuffer();
  return sharp(stored).withMetadata({ orientation: 6, density: DPI }).jpeg({ quality: 90 }).toBuffer();
}
