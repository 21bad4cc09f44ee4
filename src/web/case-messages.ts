import type { TaichoError } from '../shared/errors';
import { vnDayTime } from './format';

/**
 * The domain's refusals on the case-work screens (appraisal, signing, sealing), said in the
 * counter's Vietnamese. Keyed by the error's stable `code`; an unknown code falls back to a
 * plain sentence, never to the English message or raw JSON.
 */
const WORDS: Record<string, string> = {
  wrong_pin: 'Mã PIN không đúng. Chưa hồ sơ nào được ký; hãy nhập lại mã PIN.',
  invalid_pin_format: 'Mã PIN gồm 4 đến 64 ký tự (chữ số hoặc chữ không dấu).',
  pin_required: 'Nhập mã PIN của khóa ký số.',
  codes_required: 'Chọn ít nhất một hồ sơ.',
  batch_too_large: 'Mỗi lần ký được tối đa 100 hồ sơ.',
  no_certificate: 'Tài khoản của bạn chưa có chứng thư số để ký. Liên hệ quản trị hệ thống.',
  certificate_expired: 'Chứng thư số đã hết hạn, không thể ký.',
  certificate_not_yet_valid: 'Chứng thư số chưa đến ngày có hiệu lực.',
  certificate_revoked: 'Chứng thư số đã bị thu hồi, không thể ký.',
  certificate_unusable: 'Chứng thư số không dùng để ký được.',
  pki_unavailable: 'Hệ thống ký số đang không hoạt động. Vui lòng báo quản trị hệ thống.',
  signing_not_available: 'Máy chủ này chưa được cấu hình ký số.',
  illegal_transition: 'Hồ sơ không còn ở bước này (có thể người khác đã xử lý). Tải lại danh sách.',
  concurrent_update: 'Hồ sơ vừa được người khác cập nhật. Tải lại trang và thử lại.',
  result_changed: 'Kết quả vừa thay đổi trong lúc ký. Hãy ký lại.',
  no_result: 'Hồ sơ chưa có văn bản kết quả để ký.',
  dossier_not_found: 'Không tìm thấy hồ sơ.',
  no_leader: 'Chưa có tài khoản lãnh đạo nào để đứng tên ký kết quả.',
  missing_items_required: 'Liệt kê ít nhất một giấy tờ cần bổ sung, mỗi dòng một giấy tờ.',
  reason_required: 'Nhập lý do từ chối.',
  forbidden: 'Vai trò của bạn không được thực hiện thao tác này.',
};

/** The Vietnamese sentence for a domain error; a locked key says when it unlocks. */
export function caseMessage(e: Pick<TaichoError, 'code' | 'details'>): string {
  if (e.code === 'pin_locked') {
    const retryAt = Date.parse(String((e.details as { retryAt?: string } | undefined)?.retryAt ?? ''));
    const when = Number.isFinite(retryAt) ? ` Khóa được mở lại lúc ${vnDayTime(retryAt)}.` : '';
    return `Khóa ký số đang tạm khóa vì nhập sai mã PIN nhiều lần.${when} Chưa hồ sơ nào được ký.`;
  }
  return WORDS[e.code] ?? 'Không thực hiện được thao tác này. Vui lòng thử lại hoặc báo quản trị hệ thống.';
}

/** Errors about the PIN or the key: shown beside the PIN field, not against a dossier. */
export const PIN_ERRORS = new Set(['wrong_pin', 'invalid_pin_format', 'pin_required', 'pin_locked']);
