import type { Role } from '../auth/roles';
import { ConflictError, ForbiddenError } from '../shared/errors';

/**
 * The one place where a dossier's status may change. Every route and service goes through
 * `nextStatus`, which knows for each action the statuses it may start from, the status it
 * leads to and the roles allowed to take it.
 */
export const STATUSES = [
  'received', // đã tiếp nhận
  'appraised', // đã thẩm định, chờ phê duyệt
  'supplement_requested', // yêu cầu bổ sung hồ sơ (clock stopped)
  'rejected', // từ chối giải quyết
  'approved', // lãnh đạo đã ký duyệt
  'sealed', // văn thư đã đóng dấu (ký số tổ chức)
  'returned', // đã trả kết quả
  'withdrawn', // công dân rút hồ sơ
] as const;
export type Status = (typeof STATUSES)[number];

export type Action = 'accept' | 'request_supplement' | 'reject' | 'supplement' | 'approve' | 'seal' | 'return' | 'withdraw';

interface Rule {
  from: readonly Status[];
  to: Status;
  roles: readonly Role[];
  label: string; // Vietnamese name of the step, printed on the process-control slip
}

export const RULES: Record<Action, Rule> = {
  accept: { from: ['received'], to: 'appraised', roles: ['specialist'], label: 'Thẩm định: đủ điều kiện' },
  request_supplement: { from: ['received'], to: 'supplement_requested', roles: ['specialist'], label: 'Yêu cầu bổ sung hồ sơ' },
  reject: { from: ['received'], to: 'rejected', roles: ['specialist'], label: 'Từ chối giải quyết' },
  supplement: { from: ['supplement_requested'], to: 'received', roles: ['reception'], label: 'Tiếp nhận hồ sơ bổ sung' },
  approve: { from: ['appraised'], to: 'approved', roles: ['leader'], label: 'Phê duyệt, ký số' },
  seal: { from: ['approved'], to: 'sealed', roles: ['clerk'], label: 'Đóng dấu (ký số tổ chức)' },
  return: { from: ['sealed', 'rejected'], to: 'returned', roles: ['reception'], label: 'Trả kết quả' },
  withdraw: { from: ['received', 'supplement_requested', 'appraised'], to: 'withdrawn', roles: ['reception'], label: 'Rút hồ sơ, dừng xử lý' },
};

export const TERMINAL: readonly Status[] = ['returned', 'withdrawn'];

/** Dossiers whose handling is over (refused, returned, withdrawn): nothing is certified for them any more. */
export const CLOSED: readonly Status[] = ['rejected', 'returned', 'withdrawn'];

/** Returns the status an action leads to, or throws 403 (role) / 409 (status) naming why. */
export function nextStatus(current: Status, action: Action, role: Role): Status {
  const rule = RULES[action];
  if (!rule.roles.includes(role)) {
    throw new ForbiddenError('forbidden', `Role '${role}' may not ${action.replace('_', ' ')} a dossier (allowed: ${rule.roles.join(', ')})`);
  }
  if (!rule.from.includes(current)) {
    throw new ConflictError(
      'illegal_transition',
      `Cannot ${action.replace('_', ' ')} a dossier that is '${current}': allowed only from ${rule.from.map((s) => `'${s}'`).join(' or ')}`,
      { status: current, action, allowedFrom: rule.from },
    );
  }
  return rule.to;
}

/**
 * National public-service portal status codes (Cổng Dịch vụ công quốc gia):
 * 1 registered, 2 accepted, 3 not accepted, 4 in progress, 5 supplement requested,
 * 6 payment due, 7 withdrawn, 8 stopped, 9 processed, 10 returned.
 * A dossier refused after appraisal is reported as 3 (not accepted for resolution);
 * approved-but-not-sealed is still in progress (4): the result is not issued until sealed.
 */
export const PORTAL_STATUS: Record<Status, { code: number; name: string }> = {
  received: { code: 2, name: 'Đã tiếp nhận' },
  appraised: { code: 4, name: 'Đang xử lý' },
  supplement_requested: { code: 5, name: 'Yêu cầu bổ sung' },
  rejected: { code: 3, name: 'Không được tiếp nhận' },
  approved: { code: 4, name: 'Đang xử lý' },
  sealed: { code: 9, name: 'Đã xử lý xong' },
  returned: { code: 10, name: 'Đã trả kết quả' },
  withdrawn: { code: 7, name: 'Rút hồ sơ' },
};

/** Vietnamese status labels for the public lookup page. */
export const STATUS_LABELS: Record<Status, string> = {
  received: 'Đã tiếp nhận, đang chờ thẩm định',
  appraised: 'Đã thẩm định, chờ lãnh đạo phê duyệt',
  supplement_requested: 'Cần bổ sung hồ sơ',
  rejected: 'Từ chối giải quyết',
  approved: 'Đã phê duyệt, chờ đóng dấu',
  sealed: 'Đã có kết quả, mời nhận kết quả',
  returned: 'Đã trả kết quả',
  withdrawn: 'Đã rút hồ sơ',
};

/** Channels and their national codes (1 trực tiếp, 2 trực tuyến, 3 bưu chính). */
export const CHANNEL_CODES = { direct: 1, online: 2, post: 3 } as const;
export type Channel = keyof typeof CHANNEL_CODES;
