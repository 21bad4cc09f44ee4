/** Shared shapes of the page pipeline (quy trình số hoá): decode → normalise → ocr → buildPdf. */

/** A normalised page: colour (or grey) image for the PDF and a cleaned grey one for OCR. */
export interface NormalisedPage {
  /**
   * Image for the PDF, same pixel size as the OCR image: JPEG (colour or grey), or for
   * text-only pages 1-bit rows (0 = black, rows padded to bytes) already Flate-compressed.
   */
  display: { bytes: Uint8Array; format: 'jpeg' | 'bilevel'; colour: boolean };
  /** Cleaned 8-bit grey PNG at ocrDpi for tesseract. */
  ocrImage: Uint8Array;
  width: number;
  height: number;
  /** Resolution of both images (they share width/height). */
  dpi: number;
  hasColour: boolean;
  /** Clockwise rotation applied to make the page upright (0/90/180/270). */
  rotation: number;
  /** Skew angle measured and removed, degrees (positive = text rose to the right). */
  skew: number;
}

export interface OcrWord {
  text: string;
  confidence: number;
  /** Box in pixels of the OCR image, origin top-left. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Index of the line within the page, in reading order. */
  line: number;
  /** Baseline of the word's line at the word's horizontal centre, pixels from the top. */
  baseline: number;
}

export interface OcrResult {
  words: OcrWord[];
  text: string;
  confidence: number;
}

/** Everything the PDF builder needs for one page. */
export type ProcessedPage =
  | { kind: 'ocr'; source: string; page: NormalisedPage; ocr: OcrResult; timings: StageTimings }
  /** A PDF page that already has text: copied as it is, never OCR'd. */
  | { kind: 'pdf-text'; source: string; pdf: Uint8Array; pageIndex: number; text: string; timings: StageTimings };

export interface StageTimings {
  decode: number;
  normalise: number;
  ocr: number;
  pdf?: number;
}

export interface PageProgress {
  pagesDone: number;
  pagesTotal: number;
  /** The page just finished (its source name). */
  source: string;
}
