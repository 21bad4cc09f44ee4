import type { Role } from '../auth/roles';

/**
 * The screens each role has, in the header's navigation. A new screen adds its entry here
 * (and its route with `requireRole` in its page file): the nav and the guard say the same thing.
 */
export interface NavItem {
  href: string;
  text: string;
  roles: readonly Role[];
}

export const NAV: NavItem[] = [
  { href: '/', text: 'Việc của tôi', roles: ['reception', 'specialist', 'leader', 'clerk', 'auditor', 'admin'] },
  { href: '/reception/new', text: 'Tiếp nhận hồ sơ', roles: ['reception'] },
  { href: '/appraisal', text: 'Thẩm định', roles: ['specialist'] },
  { href: '/approval', text: 'Phê duyệt', roles: ['leader'] },
  { href: '/seal', text: 'Đóng dấu', roles: ['clerk'] },
  { href: '/dossiers/find', text: 'Tra cứu hồ sơ', roles: ['reception', 'specialist', 'leader', 'clerk'] },
  { href: '/verify', text: 'Xác thực chữ ký', roles: ['auditor'] },
  { href: '/audit', text: 'Nhật ký hồ sơ', roles: ['auditor'] },
  { href: '/stats', text: 'Thống kê', roles: ['leader', 'auditor', 'admin'] },
  { href: '/admin/users', text: 'Người dùng', roles: ['admin'] },
  { href: '/admin/calendar', text: 'Lịch nghỉ', roles: ['admin'] },
  { href: '/admin/images', text: 'Ảnh chữ ký, con dấu', roles: ['admin'] },
];

export function navFor(role: Role): NavItem[] {
  return NAV.filter((n) => n.roles.includes(role));
}
