/**
 * Local time for Vietnam (Asia/Ho_Chi_Minh, UTC+7, no daylight saving). Computed by offset
 * rather than Intl so that the result does not depend on the machine's ICU data or TZ.
 */
export const VN_OFFSET_MS = 7 * 3600_000;

export interface LocalParts {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 Sunday … 6 Saturday
}

export function localParts(ms: number): LocalParts {
  const d = new Date(ms + VN_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** "2026-11-23" in local time. */
export function localDate(ms: number): string {
  const p = localParts(ms);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** ISO 8601 with the +07:00 offset, e.g. 2026-11-23T14:05:00+07:00. */
export function isoLocal(ms: number): string {
  const p = localParts(ms);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}+07:00`;
}

/** "14 giờ 05 phút, ngày 23 tháng 11 năm 2026". */
export function vnDateTime(ms: number): string {
  const p = localParts(ms);
  return `${pad(p.hour)} giờ ${pad(p.minute)} phút, ngày ${pad(p.day)} tháng ${pad(p.month)} năm ${p.year}`;
}

/** "ngày 23 tháng 11 năm 2026". */
export function vnDate(ms: number): string {
  const p = localParts(ms);
  return `ngày ${pad(p.day)} tháng ${pad(p.month)} năm ${p.year}`;
}

/** Epoch ms of a local wall-clock time. */
export function fromLocal(year: number, month: number, day: number, hour = 0, minute = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute) - VN_OFFSET_MS;
}
