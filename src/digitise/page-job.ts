/**
 * A unit of work for one page, small enough to post to a worker thread. Splitting a file into
 * page jobs reads headers and page structure only; decoding pixels happens per page. Both run
 * in worker threads, never on the server's main thread.
 */
export interface PageJob {
  /** Human name for messages: "scan.tif page 2". */
  source: string;
  input:
    /** An encoded image file (JPEG/PNG/TIFF/WebP); `page` selects a page of a multi-page TIFF. */
    | { type: 'encoded'; bytes: Uint8Array; page: number; dpi?: number }
    /**
     * A PDF image's Flate data as it is in the file, with what its dictionary says: inflated
     * in the worker, to at most the bytes those (already bounded) dimensions need.
     */
    | { type: 'flate'; data: Uint8Array; width: number; height: number; channels: 1 | 3; bits: 1 | 8; dpi: number }
    /** A PDF page with its own text: copied unchanged, not OCR'd. */
    | { type: 'pdf-text'; pdf: Uint8Array; pageIndex: number };
}
