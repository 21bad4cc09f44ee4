/**
 * Writing recognised page text, in the transaction that records the document digitised: the
 * page text and its search entries commit with the document's outcome, so a search never finds a
 * page that is not stored, nor misses one that is. The SQLite adapter is
 * src/db/sqlite/page-index.ts (FTS5); a PostgreSQL one would store a tsvector of the folded
 * text (fold.ts) in the same rows.
 */
export interface PageIndexTx {
  /** Replaces a document's page texts (page 1 first) and their search entries; the text is stored NFC. */
  replace(documentId: string, pages: readonly string[]): Promise<void>;
}
