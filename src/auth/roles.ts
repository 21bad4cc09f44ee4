/** The six roles of a one-stop centre. One role per user. */
export const ROLES = ['reception', 'specialist', 'leader', 'clerk', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Vietnamese labels for slips and pages. */
export const ROLE_LABELS: Record<Role, string> = {
  reception: 'Cán bộ tiếp nhận (Bộ phận Một cửa)',
  specialist: 'Chuyên viên thẩm định',
  leader: 'Lãnh đạo',
  clerk: 'Văn thư',
  auditor: 'Kiểm tra viên',
  admin: 'Quản trị hệ thống',
};

/** Roles that may see a citizen's personal data (ID number, phone, address). */
export const STAFF_ROLES: readonly Role[] = ['reception', 'specialist', 'leader', 'clerk', 'auditor', 'admin'];

/**
 * A username: it names files (a leader's signature image), so it cannot start with a dot or a
 * dash, and has no slash: `..`, `../x` or `-rf` can never be one.
 */
export const USERNAME = /^[a-z0-9][a-z0-9._-]{2,39}$/;
export const isValidUsername = (s: string): boolean => USERNAME.test(s);

export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  title: string | null;
}
