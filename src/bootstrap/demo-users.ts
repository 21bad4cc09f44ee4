import type { AuthService } from '../auth/auth-service';
import { ROLES, type Role } from '../auth/roles';

/** One demo user per role, username = role name; leaders carry the title printed under their signature. */
export const DEMO_USERS: Record<Role, { displayName: string; title?: string }> = {
  reception: { displayName: 'Trần Thị Thu Hà', title: 'Công chức Bộ phận Một cửa' },
  specialist: { displayName: 'Lê Văn Đức', title: 'Công chức Địa chính - Xây dựng' },
  leader: { displayName: 'Nguyễn Văn Hùng', title: 'CHỦ TỊCH' },
  clerk: { displayName: 'Phạm Thị Lan', title: 'Văn thư' },
  auditor: { displayName: 'Hoàng Minh Tuấn', title: 'Thanh tra viên' },
  admin: { displayName: 'Quản trị hệ thống' },
};

/** Creates the demo users on an empty database; returns how many were created. */
export async function seedDemoUsers(auth: AuthService, password: string): Promise<number> {
  if ((await auth.countUsers()) > 0) return 0;
  for (const role of ROLES) await auth.createUser({ username: role, password, role, ...DEMO_USERS[role] });
  return ROLES.length;
}
