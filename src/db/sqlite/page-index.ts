import { eq, sql } from 'drizzle-orm';
import type { PageIndexTx } from '../../search/page-index';
import { foldForSearch } from '../../search/fold';
import type { DbOrTx } from '../client';
import { pageTexts } from '../schema';

/** The page-text port on SQLite: rows in page_texts and their folded text in the FTS5 table page_search. */
export function sqlitePageIndex(tx: DbOrTx): PageIndexTx {
  return { replace: async (documentId, pages) => indexDocumentPages(tx, documentId, pages) };
}

/** Replaces a document's page texts and their search entries (inside the caller's transaction). */
export function indexDocumentPages(tx: DbOrTx, documentId: string, pages: readonly string[]): void {
  tx.delete(pageTexts).where(eq(pageTexts.documentId, documentId)).run();
  tx.run(sql`DELETE FROM page_search WHERE document_id = ${documentId}`);
  pages.forEach((raw, i) => {
    const text = raw.normalize('NFC');
    tx.insert(pageTexts).values({ documentId, page: i + 1, text }).run();
    tx.run(sql`INSERT INTO page_search (folded, document_id, page) VALUES (${foldForSearch(text)}, ${documentId}, ${i + 1})`);
  });
}
