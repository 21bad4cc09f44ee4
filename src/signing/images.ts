import { InvalidInputError } from '../shared/errors';
import { useShippedFontsForSvg } from '../shared/fonts';
import { loadSharp } from '../shared/lazy-sharp';

useShippedFontsForSvg();

/**
 * Default appearance images (Decree 30/2020/NĐ-CP, Appendix I), made with sharp from SVG and
 * the Liberation fonts installed with the project: a blue handwritten-looking signature of
 * the leader's name, and the agency's red round seal — agency name around the ring, a star
 * in the centre. Agencies upload their real seal and signature PNGs in production.
 */

const xml = (s: string) => s.normalize('NFC').replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

async function png(svg: string): Promise<Uint8Array> {
  const sharp = await loadSharp();
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

/** A cursive-ish blue scribble of the name on a transparent background (600×240 px). */
export async function defaultSignatureImage(name: string): Promise<Uint8Array> {
  const clean = name.normalize('NFC').trim();
  if (!clean) throw new InvalidInputError('invalid_name', 'a signature image needs the signer name');
  // The surname and given name: signatures in Vietnam are usually the given name with a flourish.
  const given = clean.split(/\s+/).pop()!;
  const size = Math.min(110, Math.floor(900 / Math.max(given.length, 3)));
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="240">
  <g fill="none" stroke="#1a3fb0" stroke-linecap="round" stroke-width="5">
    <path d="M40 170 C 120 60, 200 230, 300 150 S 470 90, 560 120"/>
    <path d="M90 200 C 220 180, 380 210, 520 170"/>
  </g>
  <text x="300" y="140" text-anchor="middle" font-family="Liberation Serif" font-style="italic" font-weight="bold"
    font-size="${size}" fill="#1a3fb0" transform="rotate(-8 300 130)">${xml(given)}</text>
</svg>`;
  return png(svg);
}

/** Red round seal, transparent outside, `px` square: ring text is the agency name in capitals. */
export async function defaultSealImage(agencyName: string, px = 600): Promise<Uint8Array> {
  const text = agencyName.normalize('NFC').trim().toLocaleUpperCase('vi');
  if (!text) throw new InvalidInputError('invalid_agency', 'a seal image needs the agency name');
  const c = px / 2;
  const rOuter = c - 8;
  const rInner = c * 0.62;
  const rText = (rOuter + rInner) / 2 - c * 0.045;
  const chars = [...text];
  // Letters run clockwise over the top, centred; a long name fills up to 330° of the ring.
  const span = Math.min(330, chars.length * 15);
  const step = span / chars.length;
  const fontSize = Math.min(c * 0.16, ((2 * Math.PI * rText * span) / 360 / chars.length) * 1.45);
  const letters = chars
    .map((ch, i) => {
      const deg = -span / 2 + step * (i + 0.5);
      const rad = (deg * Math.PI) / 180;
      const x = c + rText * Math.sin(rad);
      const y = c - rText * Math.cos(rad);
      return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" transform="rotate(${deg.toFixed(1)} ${x.toFixed(1)} ${y.toFixed(1)})" dominant-baseline="central">${xml(ch)}</text>`;
    })
    .join('');
  const star = starPath(c, c, c * 0.3, c * 0.12);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${px}" height="${px}">
  <g fill="none" stroke="#d2161e">
    <circle cx="${c}" cy="${c}" r="${rOuter}" stroke-width="${c * 0.035}"/>
    <circle cx="${c}" cy="${c}" r="${rInner}" stroke-width="${c * 0.015}"/>
  </g>
  <g fill="#d2161e" font-family="Liberation Sans" font-weight="bold" font-size="${fontSize.toFixed(1)}" text-anchor="middle">${letters}</g>
  <path d="${star}" fill="#d2161e"/>
</svg>`;
  return png(svg);
}

function starPath(cx: number, cy: number, outer: number, inner: number): string {
  const pts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const a = (Math.PI / 5) * i - Math.PI / 2;
    pts.push(`${(cx + r * Math.cos(a)).toFixed(1)},${(cy + r * Math.sin(a)).toFixed(1)}`);
  }
  return `M${pts.join('L')}Z`;
}
