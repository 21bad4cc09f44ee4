/**
 * The search port: full-text search over the recognised text of digitised pages, matched with
 * or without Vietnamese diacritics. The embedded adapter is SQLite FTS5 (sqlite-fts-index.ts);
 * a PostgreSQL one would use a tsvector of the same folded text (fold.ts), an external engine
 * its own index. Pages are written to the index in the transaction that stores their text
 * (`DossierTx.pages`, the PageIndexTx port of page-index.ts), so a search never finds a page
 * that is not there.
 */
export interface SearchHit {
  code: string;
  documentId: string;
  documentName: string;
  page: number;
  snippet: string;
}

export interface SearchIndex {
  /** The best-matching pages, best first; InvalidInputError when `q` has no word in it. */
  search(q: string, limit?: number): Promise<SearchHit[]>;
}
