import { PdfLimitError } from './objects';

export { PdfLimitError };

/**
 * Caps on what one document may make the parser do. The inputs are hostile (security review,
 * issue 12): a few hundred bytes can declare millions of cross-reference entries or inflate to
 * gigabytes. Past a cap the whole document is "not verifiable", never a partial verdict: a
 * reader that silently dropped the excess could be shown a different document than the one
 * that was signed.
 */
export const PARSER_LIMITS = {
  /**
   * Cross-reference entries over all sections of a document (real files: well under 100 000).
   * Also keeps each table's backing store under 16 MB: see MAX_CONTAINER_ITEMS in ./objects.
   */
  maxEntries: 500_000,
  /** Subsection ranges in one xref stream's /Index. */
  maxIndexRanges: 10_000,
  /** Filters chained on one stream (real files: one or two). */
  maxFilters: 4,
  /** Decoded bytes of one stream. */
  maxStreamBytes: 64 * 1024 * 1024,
  /** Decoded bytes over the whole document, every stream and every filter stage counted. */
  maxDecodedBytes: 128 * 1024 * 1024,
  /**
   * Bytes read by object parses, as a multiple of the bytes there are to read (the file and
   * what its streams decode to). Objects at distinct offsets do not overlap, so a real file reads
   * each byte about once; objects nested inside each other's strings would read the file once
   * per object (quadratic time, and memory for every copy).
   */
  parsedPerByte: 4,
  /** Searches for an object near a wrong offset (each reads an 8 KiB window). */
  maxNearbySearches: 1_000,
};

/** Lets a limit through the catch blocks that turn other syntax errors into warnings. */
export function rethrowLimit(e: unknown): void {
  if (e instanceof PdfLimitError) throw e;
}

/** What a document may still decode and index; one per PdfDocument, shared by every reader. */
export class ParseBudget {
  private decoded = 0;
  private entries = 0;
  private parsed = 0;

  constructor(private readonly fileBytes: number) {}

  /** Counts bytes read by a parse (see PARSER_LIMITS.parsedPerByte); bound as a callback. */
  readonly chargeParsed = (n: number): void => {
    this.parsed += n;
    const cap = PARSER_LIMITS.parsedPerByte * (this.fileBytes + this.decoded) + 1024 * 1024;
    if (this.parsed > cap) throw new PdfLimitError(`objects overlap: parsing read more than ${PARSER_LIMITS.parsedPerByte} times the document's bytes`);
  };

  /** Largest output the next inflate may produce. */
  decodeAllowance(): number {
    const left = PARSER_LIMITS.maxDecodedBytes - this.decoded;
    if (left <= 0) throw this.decodeExceeded();
    return Math.min(left, PARSER_LIMITS.maxStreamBytes);
  }

  /** zlib stopped at the allowance: this stream alone, or with what came before, is too much. */
  decodeExceeded(): PdfLimitError {
    return new PdfLimitError(`streams decode to more than the limits (${mib(PARSER_LIMITS.maxStreamBytes)} per stream, ${mib(PARSER_LIMITS.maxDecodedBytes)} per document)`);
  }

  chargeDecoded(n: number): void {
    this.decoded += n;
  }

  chargeEntries(n: number): void {
    this.entries += n;
    if (this.entries > PARSER_LIMITS.maxEntries) throw new PdfLimitError(`more than ${PARSER_LIMITS.maxEntries} cross-reference entries`);
  }
}

function mib(n: number): string {
  return `${Math.round(n / 1024 / 1024)} MiB`;
}
