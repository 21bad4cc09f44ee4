import { localParts, vnDate, vnDateTime } from '../shared/time';
import type { DocumentKind, Timeliness } from './types';

/** Vietnamese wording shared by the slips, kept in one place so that every form says it the same way. */

export const KIND_LABELS: Record<DocumentKind, string> = {
  original: 'Bản chính',
  certified_copy: 'Bản sao chứng thực',
  copy: 'Bản sao (photo)',
};

export const CHANNEL_LABELS: Record<'direct' | 'online' | 'post', string> = {
  direct: 'Trực tiếp tại Bộ phận Một cửa',
  online: 'Trực tuyến (Cổng Dịch vụ công)',
  post: 'Qua dịch vụ bưu chính công ích',
};

export const TIMELINESS_LABELS: Record<Timeliness, string> = {
  early: 'Trước hạn',
  on_time: 'Đúng hạn',
  late: 'Quá hạn',
};

export const DEFAULT_UNIT = 'Bộ phận Một cửa';

/** Upper case in Vietnamese, kept NFC (toUpperCase keeps precomposed letters, but be explicit). */
export const upper = (s: string): string => s.toLocaleUpperCase('vi').normalize('NFC');

/** "05 giờ 30 phút, ngày 25 tháng 11 năm 2026" in Asia/Ho_Chi_Minh. */
export const dateTime = (ms: number): string => vnDateTime(ms);

/** "ngày 25 tháng 11 năm 2026" in Asia/Ho_Chi_Minh. */
export const dateOnly = (ms: number): string => vnDate(ms);

/** The date line under the motto: "Hà Nội, ngày 23 tháng 11 năm 2026" (or "Ngày …" without a place). */
export function placeDate(place: string | undefined, ms: number): string {
  const d = vnDate(ms);
  return place ? `${place}, ${d}` : d.charAt(0).toUpperCase() + d.slice(1);
}

/** Working days with a Vietnamese decimal comma: 5 → "05", 0.5 → "0,5". */
export function days(n: number): string {
  return Number.isInteger(n) ? String(n).padStart(2, '0') : String(n).replace('.', ',');
}

/**
 * Early / on time / late for a hand-off finished at `at` against its deadline `dueAt`.
 * As on the portal's statistics (Decree 61/2018): before the due day is early, on the due day
 * up to the due time is on time, after the due time is late.
 */
export function timeliness(at: number, dueAt: number): Timeliness {
  if (at > dueAt) return 'late';
  const a = localParts(at);
  const d = localParts(dueAt);
  const sameDay = a.year === d.year && a.month === d.month && a.day === d.day;
  return sameDay ? 'on_time' : 'early';
}

/** Signer title lines: an array as given, or one string split on newlines or " / " ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"). */
export function titleLines(title: string | string[]): string[] {
  const lines = Array.isArray(title) ? title : title.split(/\s*\n\s*|\s+\/\s+/);
  return lines.map((l) => upper(l.trim())).filter(Boolean);
}
