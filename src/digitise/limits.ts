/**
 * Bounds on what one uploaded file may cost the digitiser (security review, issue 12): every
 * allocation is sized from these before it is made, never from what the file claims.
 */

/** Largest page image, in pixels: an A3 sheet at 600 dpi is ~70 M. */
export const MAX_PIXELS = 12_000 * 12_000;

/** Most pages in one document (TIFF or PDF); a thicker file should be split at the counter. */
export const MAX_PAGES = 300;

/** Most bytes one page's content streams may decode to: real pages use kilobytes. */
export const MAX_CONTENT_BYTES = 32 << 20;

/**
 * Worker heap (MiB). A file that builds a huge object graph (pdf-lib parsing) ends its worker
 * with ERR_WORKER_OUT_OF_MEMORY instead of growing the server process.
 */
export const WORKER_HEAP_MB = 1024;

/**
 * Longest a worker task may run before its thread is terminated: splitting a file into pages
 * (parsing only), one page (decode, normalise, OCR), and assembling the PDF/A.
 */
export const TASK_TIMEOUT_MS = { split: 60_000, page: 300_000, build: 300_000 } as const;
