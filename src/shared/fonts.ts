import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Fonts shipped in assets/fonts (Liberation, SIL OFL: metric-compatible with Times New Roman
 * and Arial, full Vietnamese coverage). Shipped rather than looked up on the system so that a
 * fresh machine renders the same slips and text layers.
 */
export const FONT_FILES = {
  serif: fileURLToPath(new URL('../../assets/fonts/LiberationSerif-Regular.ttf', import.meta.url)),
  serifBold: fileURLToPath(new URL('../../assets/fonts/LiberationSerif-Bold.ttf', import.meta.url)),
  serifItalic: fileURLToPath(new URL('../../assets/fonts/LiberationSerif-Italic.ttf', import.meta.url)),
  serifBoldItalic: fileURLToPath(new URL('../../assets/fonts/LiberationSerif-BoldItalic.ttf', import.meta.url)),
  sans: fileURLToPath(new URL('../../assets/fonts/LiberationSans-Regular.ttf', import.meta.url)),
  sansBold: fileURLToPath(new URL('../../assets/fonts/LiberationSans-Bold.ttf', import.meta.url)),
} as const;

export type FontName = keyof typeof FONT_FILES;

/**
 * Makes fontconfig (used by librsvg inside sharp for SVG text) see only the shipped fonts.
 * fontconfig reads this variable once, at its first use in the process, so every module that
 * draws SVG text calls this before its first render.
 */
export function useShippedFontsForSvg(): void {
  process.env.FONTCONFIG_FILE = fileURLToPath(new URL('../../assets/fonts/fonts.conf', import.meta.url));
}

const cache = new Map<FontName, Uint8Array>();

export function fontBytes(name: FontName): Uint8Array {
  let bytes = cache.get(name);
  if (!bytes) {
    bytes = new Uint8Array(readFileSync(FONT_FILES[name]));
    cache.set(name, bytes);
  }
  return bytes;
}
