import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { documents, dossiers, pageTexts } from '../db/schema';
import { InvalidInputError } from '../shared/errors';
import { foldForSearch, ftsQuery } from './fold';
import type { SearchHit, SearchIndex } from './search-index';

/** The SearchIndex port on SQLite FTS5 (table page_search, filled by src/db/sqlite/page-index.ts). */
export function createSqliteSearchIndex(db: Db): SearchIndex {
  return { search: async (q, limit) => searchPages(db, q, limit) };
}

/** Full-text search over OCR'd pages (FTS5 over the folded text); the snippet is cut from the original text (with diacritics). */
export function searchPages(db: Db, q: string, limit = 50): SearchHit[] {
  const match = ftsQuery(q);
  if (!match) throw new InvalidInputError('empty_query', 'q must contain at least one word');
  const rows = db.all<{ document_id: string; page: number; rank: number }>(
    sql`SELECT document_id, page, rank FROM page_search WHERE page_search MATCH ${match} ORDER BY rank LIMIT ${limit}`,
  );
  if (rows.length === 0) return [];
  const docs = db
    .select({ id: documents.id, name: documents.name, code: documents.dossierCode })
    .from(documents)
    .innerJoin(dossiers, eq(dossiers.code, documents.dossierCode))
    .where(inArray(documents.id, [...new Set(rows.map((r) => r.document_id))]))
    .all();
  const byId = new Map(docs.map((d) => [d.id, d]));
  const terms = foldForSearch(q).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return rows.flatMap((r) => {
    const doc = byId.get(r.document_id);
    if (!doc) return [];
    const text = db.select({ text: pageTexts.text }).from(pageTexts).where(and(eq(pageTexts.documentId, r.document_id), eq(pageTexts.page, r.page))).get()?.text ?? '';
    return [{ code: doc.code, documentId: doc.id, documentName: doc.name, page: r.page, snippet: snippet(text, terms) }];
  });
}

/** ~160 characters around the first matching term, with the term in «». */
function snippet(text: string, terms: string[]): string {
  const folded = foldForSearch(text);
  let at = -1;
  let len = 0;
  for (const t of terms) {
    const i = folded.indexOf(t);
    if (i >= 0 && (at < 0 || i < at)) [at, len] = [i, t.length];
  }
  if (at < 0) return text.slice(0, 160).replace(/\s+/g, ' ');
  const chars = [...text];
  const start = Math.max(0, at - 70);
  const end = Math.min(chars.length, at + len + 70);
  const s = `${start > 0 ? '…' : ''}${chars.slice(start, at).join('')}«${chars.slice(at, at + len).join('')}»${chars.slice(at + len, end).join('')}${end < chars.length ? '…' : ''}`;
  return s.replace(/\s+/g, ' ');
}
