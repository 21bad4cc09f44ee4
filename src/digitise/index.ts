import type { DocumentDigitiser } from '../dossiers/digitisation';
import { digitise } from './digitise';
import type { DigitisePool } from './pool';

/**
 * The public surface of the digitisation pipeline (số hoá hồ sơ): the rest of the service
 * imports from here, never from the stages.
 */
export { digitise, type DigitiseInput, type DigitiseOptions, type DigitiseResult, type PageSummary } from './digitise';
export { createDigitisePool, type DigitisePool } from './pool';
export type { PageProgress } from './types';

/**
 * The pipeline as the dossier domain's DocumentDigitiser: one uploaded file → one searchable
 * PDF/A titled with the document's name, and each page's OCR text for the search index.
 * The MIME type is not passed on: the pipeline sniffs the bytes itself.
 */
export function createDocumentDigitiser(options: { pool: DigitisePool; lang?: string; tessdataDir?: string }): DocumentDigitiser {
  return {
    async digitise({ bytes, name }, onProgress) {
      const result = await digitise([{ bytes, name }], {
        pool: options.pool,
        lang: options.lang,
        tessdataDir: options.tessdataDir,
        title: name,
        onProgress: (p) => onProgress(p.pagesDone, p.pagesTotal),
      });
      return { pdf: result.pdf, pageTexts: result.pages.map((p) => p.text) };
    },
  };
}
