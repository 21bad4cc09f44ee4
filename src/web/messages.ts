import type { ZodError } from 'zod';
import { cccdProblem } from '../dossiers/applicant';
import { isTaichoError } from '../shared/errors';
import type { FieldError } from './components';

/**
 * The domain's errors in the counter's Vietnamese, each tied to the field it concerns. The
 * rules stay in the domain (applicant.ts, uploads.ts, reception.ts); this only translates.
 */

/** The CCCD check of the domain, said in Vietnamese (undefined when the number is valid). */
export function cccdMessage(id: string): string | undefined {
  const problem = cccdProblem(id.trim());
  if (!problem) return undefined;
  const province = /province code (\d{3})/.exec(problem);
  if (province) return `Mã tỉnh ${province[1]} (3 chữ số đầu) không tồn tại`;
  const year = /birth year (\d{4})/.exec(problem);
  if (year) return `Số CCCD mang năm sinh ${year[1]}, là năm trong tương lai`;
  return 'Số CCCD phải gồm đúng 12 chữ số';
}

const APPLICANT: Record<string, (value: string) => string> = {
  applicantName: () => 'Nhập họ và tên người nộp (2–120 ký tự)',
  applicantId: (v) => cccdMessage(v) ?? 'Số CCCD không hợp lệ',
  applicantPhone: () => 'Số điện thoại phải bắt đầu bằng 0 hoặc +84, gồm 10–11 chữ số',
  applicantAddress: () => 'Địa chỉ tối đa 300 ký tự',
};

/** A zod failure of the applicant's fields → one message per field, in the form's order. */
export function applicantErrors(err: ZodError, values: Record<string, string>): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const issue of err.issues) {
    const field = String(issue.path[0] ?? '');
    if (seen.has(field) || !APPLICANT[field]) continue;
    seen.add(field);
    out.push({ field, message: APPLICANT[field](values[field] ?? '') });
  }
  return out;
}

const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;

/**
 * An upload refused by the domain (not an image or PDF, empty, too large, too many), beside
 * the files; `field` is the id the message points to. Undefined for any other error.
 */
export function uploadError(e: unknown, field: string, limits: { maxUploadBytes: number; maxFiles: number }, nameOf = (f: string) => `“${f}”`): FieldError | undefined {
  if (!isTaichoError(e)) return undefined;
  const file = nameOf((e.details as { file?: string } | undefined)?.file ?? '');
  const text: Record<string, string> = {
    unsupported_file: `Tệp ${file} không đọc được: không phải ảnh JPEG, PNG, TIFF hay tệp PDF`,
    empty_file: `Tệp ${file} rỗng`,
    file_too_large: `Tệp ${file} quá lớn (tối đa ${mb(limits.maxUploadBytes)} mỗi tệp)`,
    too_many_files: `Tối đa ${limits.maxFiles} tệp mỗi lần nộp`,
    payload_too_large: `Các tệp quá lớn (tối đa ${mb(limits.maxUploadBytes)} mỗi tệp)`,
    no_documents: 'Cần ít nhất một tệp giấy tờ của hồ sơ',
  };
  return text[e.code] ? { field, message: text[e.code] } : undefined;
}

/** A refused action on a dossier (wrong status, wrong role, …) in Vietnamese. */
export function actionMessage(e: unknown): string | undefined {
  if (!isTaichoError(e)) return undefined;
  if (e.code === 'illegal_transition') return 'Hồ sơ không còn ở trạng thái cho phép thao tác này (có thể người khác vừa xử lý). Tải lại trang để xem trạng thái mới.';
  if (e.httpStatus === 403) return 'Vai trò của bạn không được làm thao tác này.';
  if (e.httpStatus === 400 || e.httpStatus === 409 || e.httpStatus === 422) return `Không thực hiện được: ${e.message}`;
  return undefined;
}
