/**
 * A unit of work for one page, small enough to post to a worker thread. Splitting a file into
 * page jobs is cheap (headers only); decoding pixels happens in the worker.
 */
export interface PageJob {
  /** Human name for messages: "scan.tif page 2". */
  source: string;
  input:
    /** An encoded image file (JPEG/PNG/TIFF/WebP); `page` selects a page of a multi-page TIFF. */
    | { type: 'encoded'; bytes: Uint8Array; page: number; dpi?: number }
    /** Raw pixels taken out of a PDF image. */
    | { type: 'raw'; pixels: Uint8Array; width: number; height: number; channels: 1 | 3; dpi: number }
    /** A PDF page with its own text: copied unchanged, not OCR'd. */
    | { type: 'pdf-text'; pdf: Uint8Array; pageIndex: number };
}
