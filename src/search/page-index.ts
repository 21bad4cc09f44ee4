import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { pageTexts } from '../db/schema';
import { foldForSearch } from './fold';

/** Replaces a document's page texts and their search entries (inside the caller's transaction). */
export function indexDocumentPages(tx: DbOrTx, documentId: string, pages: string[]): void {
  tx.delete(pageTexts).where(eq(pageTexts.documentId, documentId)).run();
  tx.run(sql`DELETE FROM page_search WHERE document_id = ${documentId}`);
  pages.forEach((raw, i) => {
    const text = raw.normalize('NFC');
    tx.insert(pageTexts).values({ documentId, page: i + 1, text }).run();
    tx.run(sql`INSERT INTO page_search (folded, document_id, page) VALUES (${foldForSearch(text)}, ${documentId}, ${i + 1})`);
  });
}
