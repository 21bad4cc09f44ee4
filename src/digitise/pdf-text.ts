import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * The text a born-digital PDF page already carries (a typed form the citizen uploaded), for the
 * search index: such pages are copied into the output unchanged and never OCR'd, but must be
 * found by search like scanned ones. pdf-lib cannot read text, so pdf.js does (pure JS, offline).
 */
export async function pdfPageText(pdf: Uint8Array, pageIndex: number): Promise<string> {
  // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
  const doc = await getDocument({ data: pdf.slice(), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  try {
    const page = await doc.getPage(pageIndex + 1);
    const content = await page.getTextContent();
    let text = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      text += item.str + (item.hasEOL ? '\n' : '');
    }
    return text.normalize('NFC').replace(/[ \t]+\n/g, '\n').trim();
  } finally {
    await doc.destroy();
  }
}
