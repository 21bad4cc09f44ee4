import type { AuditEntry } from '../audit/audit-log';
import { STATUS_TAGS } from './format';
import type { Status } from '../dossiers/state-machine';

/**
 * An audit entry in the auditor's words: what happened (Vietnamese), and the few details worth
 * reading; the raw detail stays available beside it for anyone who needs every field.
 */
const ACTIONS: Record<string, string> = {
  'dossier.received': 'Tiếp nhận hồ sơ',
  'document.uploaded': 'Nhận thành phần hồ sơ',
  'document.reused': 'Dùng lại giấy tờ đã số hóa',
  'document.digitised': 'Số hóa xong thành phần hồ sơ',
  'document.downloaded': 'Tải tài liệu',
  'personal_data.viewed': 'Xem thông tin cá nhân',
  'result.created': 'Tạo văn bản kết quả',
  'result.downloaded': 'Tải văn bản kết quả',
  'signature.applied': 'Ký số',
  'result.archive_renewed': 'Gia hạn dấu thời gian lưu trữ (PAdES B-LTA)',
  'calendar.amended': 'Sửa lịch nghỉ',
  'user.created': 'Tạo người dùng',
  'settings.changed': 'Đổi cài đặt',
};

const TRANSITIONS: Record<string, string> = {
  accept: 'Thẩm định: chấp nhận',
  request_supplement: 'Thẩm định: yêu cầu bổ sung',
  reject: 'Thẩm định: từ chối',
  supplement: 'Công dân bổ sung hồ sơ',
  approve: 'Phê duyệt (lãnh đạo ký)',
  seal: 'Đóng dấu (văn thư)',
  return: 'Trả kết quả',
  withdraw: 'Công dân rút hồ sơ',
  apology: 'Xin lỗi, hẹn lại ngày trả',
};

const SIGNATURE_PURPOSES: Record<string, string> = {
  approval: 'Ký số: lãnh đạo phê duyệt',
  seal: 'Ký số: con dấu của cơ quan',
  certified_copy: 'Ký số: bản sao điện tử chứng thực',
};

export function auditTitle(e: AuditEntry): string {
  const d = e.detail;
  if (e.action === 'dossier.transition') return TRANSITIONS[String(d.action)] ?? `Chuyển trạng thái (${String(d.action)})`;
  if (e.action === 'signature.applied') return SIGNATURE_PURPOSES[String(d.purpose)] ?? ACTIONS[e.action];
  return ACTIONS[e.action] ?? e.action;
}

/** A one-line summary of the detail that matters, or '' when there is nothing to add. */
export function auditNote(e: AuditEntry): string {
  const d = e.detail;
  const status = (s: unknown) => STATUS_TAGS[s as Status]?.text ?? String(s);
  if (e.action === 'dossier.transition' && d.from && d.to) return `${status(d.from)} → ${status(d.to)}${d.note ? `; ghi chú: ${String(d.note)}` : ''}`;
  if (e.action === 'document.uploaded' && d.name) return String(d.name);
  if (e.action === 'document.digitised' && d.pages) return `${String(d.pages)} trang`;
  if (e.action === 'dossier.received' && d.procedure) return `thủ tục ${String(d.procedure)}`;
  return '';
}
