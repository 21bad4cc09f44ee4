import { z } from 'zod';
import { ROLES } from './roles';

/**
 * The shape of a new user, as the API (POST /users) and the admin screen both take it; the
 * rules on its values (username characters, password length) live in AuthService.createUser.
 */
export const newUserInput = z.object({
  username: z.string(),
  password: z.string(),
  role: z.enum(ROLES),
  displayName: z.string().min(2).max(120),
  title: z.string().max(120).optional(),
});
export type NewUserInput = z.infer<typeof newUserInput>;
