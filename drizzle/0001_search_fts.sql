-- Full-text index over OCR'd pages. It holds the folded text (lower case, no diacritics,
-- đ → d; see src/search/fold.ts), so a query typed without diacritics finds words with them.
-- The application keeps it in step with page_texts (same transaction).
CREATE VIRTUAL TABLE `page_search` USING fts5(
  `folded`,
  `document_id` UNINDEXED,
  `page` UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2'
);
