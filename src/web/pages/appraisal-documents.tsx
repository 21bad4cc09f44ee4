import { DocumentStateTag } from '../components';
import { DOCUMENT_STATE_WORDS } from '../format';
import { apiBase, PdfFrame, VIEWER, type CaseView } from './case-parts';

/**
 * Each document of a case: its searchable PDF in the page (same-origin frame of the API, which
 * accepts the session cookie on GET) beside the text recognised on each page, so the specialist
 * reads the scan and can copy from the text.
 */
export function AppraisalDocuments({ view, texts }: { view: CaseView; texts: { page: number; text: string }[][] }) {
  if (!view.documents.length) return <p>Hồ sơ không có giấy tờ nào.</p>;
  // While a document is still being digitised the page follows the OCR live (appraisal.js).
  const live = view.documents.some((d) => d.status !== 'done' && d.status !== 'failed');
  return (
    <div data-events-url={live ? `${apiBase(view.code)}/events` : undefined} data-words={live ? DOCUMENT_STATE_WORDS : undefined}>
      <div class="notice" role="status" hidden data-digitised-notice>
        Các giấy tờ đã số hóa xong. <a href="">Tải lại trang</a> để xem bản PDF và văn bản nhận dạng (nội dung đang nhập sẽ không được giữ).
      </div>
      {view.documents.map((d, i) => (
        <section class="document" aria-labelledby={`doc-${d.id}`} data-doc-id={d.id} data-doc-status={d.status}>
          <h3 id={`doc-${d.id}`}>
            {d.name} <DocumentStateTag doc={d} />
          </h3>
          {d.searchable ? (
            <div class="doc-view">
              <PdfFrame src={`${apiBase(view.code)}/documents/${encodeURIComponent(d.id)}${VIEWER}`} title={`Bản số hóa: ${d.name}`}>
                <a href={`${apiBase(view.code)}/documents/${encodeURIComponent(d.id)}`} target="_blank">
                  Mở PDF trong thẻ mới<span class="visually-hidden"> ({d.name})</span>
                </a>
              </PdfFrame>
              <div class="ocr">
                <h4>Văn bản nhận dạng</h4>
                {(texts[i] ?? []).length ? (
                  (texts[i] ?? []).map((p) => (
                    <>
                      <p class="hint">Trang {p.page}</p>
                      <pre class="ocr-text" tabindex={0} role="region" aria-label={`Văn bản nhận dạng, trang ${p.page}`}>
                        {p.text}
                      </pre>
                    </>
                  ))
                ) : (
                  <p class="hint">Không nhận dạng được chữ trên giấy tờ này.</p>
                )}
              </div>
            </div>
          ) : (
            <p class="hint">Chưa có bản số hóa; tải lại trang khi giấy tờ đã số hóa xong.</p>
          )}
        </section>
      ))}
    </div>
  );
}
