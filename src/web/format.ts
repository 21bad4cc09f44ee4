import type { Role } from '../auth/roles';
import type { Status } from '../dossiers/state-machine';
import { localParts } from '../shared/time';

/**
 * Formatting shared by every screen: Vietnamese dates (dd/MM/yyyy) and times in
 * Asia/Ho_Chi_Minh whatever the server's TZ, status tags, role names and document states.
 */
const pad = (n: number) => String(n).padStart(2, '0');

/** "23/11/2026". */
export function vnDay(ms: number): string {
  const p = localParts(ms);
  return `${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

/** "14:05 23/11/2026". */
export function vnDayTime(ms: number): string {
  const p = localParts(ms);
  return `${pad(p.hour)}:${pad(p.minute)} ${vnDay(ms)}`;
}

/** The machine-readable form for `<time datetime>`. */
export function isoInstant(ms: number): string {
  return new Date(ms).toISOString();
}

/** Short role words used in the header and navigation. */
export const ROLE_WORDS: Record<Role, string> = {
  reception: 'Tiếp nhận',
  specialist: 'Thẩm định',
  leader: 'Phê duyệt',
  clerk: 'Văn thư',
  auditor: 'Kiểm tra',
  admin: 'Quản trị',
};

/** Short status words for tags (the long STATUS_LABELS are for citizens). */
export const STATUS_TAGS: Record<Status, { text: string; tone: 'blue' | 'grey' | 'green' | 'amber' | 'red' | 'purple' }> = {
  received: { text: 'Chờ thẩm định', tone: 'blue' },
  appraised: { text: 'Chờ phê duyệt', tone: 'purple' },
  supplement_requested: { text: 'Chờ bổ sung', tone: 'amber' },
  rejected: { text: 'Từ chối', tone: 'red' },
  approved: { text: 'Chờ đóng dấu', tone: 'purple' },
  sealed: { text: 'Có kết quả', tone: 'green' },
  returned: { text: 'Đã trả kết quả', tone: 'grey' },
  withdrawn: { text: 'Đã rút', tone: 'grey' },
};

export const CHANNEL_WORDS: Record<'direct' | 'online' | 'post', string> = {
  direct: 'Trực tiếp',
  online: 'Trực tuyến',
  post: 'Qua bưu chính',
};

export interface DocumentProgress {
  status: string;
  pagesDone: number | null;
  pageCount: number | null;
  error: string | null;
}

/** A document's digitisation state in the counter's words: "Đang số hóa (3/5 trang)". */
export function documentState(d: DocumentProgress): { text: string; tone: 'grey' | 'blue' | 'green' | 'red' } {
  switch (d.status) {
    case 'done':
      return { text: 'Đã số hóa', tone: 'green' };
    case 'failed':
      return { text: `Lỗi: ${d.error ?? 'không đọc được tệp'}`, tone: 'red' };
    case 'processing':
      return { text: d.pageCount ? `Đang số hóa (${d.pagesDone ?? 0}/${d.pageCount} trang)` : 'Đang số hóa', tone: 'blue' };
    default:
      return { text: 'Chờ số hóa', tone: 'grey' };
  }
}

/**
 * The words of `documentState` for the live-progress scripts (dossier.js, appraisal.js), as JSON
 * in a `data-words` attribute: taken from the same function the server renders with, so a tag
 * updated in the browser reads as the one rendered on the server.
 */
export const DOCUMENT_STATE_WORDS = JSON.stringify({
  queued: documentState({ status: 'queued', pagesDone: null, pageCount: null, error: null }).text,
  processing: documentState({ status: 'processing', pagesDone: null, pageCount: null, error: null }).text,
  done: documentState({ status: 'done', pagesDone: null, pageCount: null, error: null }).text,
  failed: documentState({ status: 'failed', pagesDone: null, pageCount: null, error: '' }).text,
  pages: 'trang',
});

export function formatVnd(n: number): string {
  return n === 0 ? 'Miễn phí' : `${n.toLocaleString('vi-VN')} đồng`;
}
