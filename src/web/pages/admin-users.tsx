import { Hono, type Context } from 'hono';
import { ZodError } from 'zod';
import { newUserInput } from '../../auth/new-user';
import { ROLES } from '../../auth/roles';
import { isTaichoError } from '../../shared/errors';
import { CsrfInput, ErrorSummary, Notice, TextField, type FieldError } from '../components';
import { csrfFor } from '../csrf';
import { ROLE_WORDS } from '../format';
import { page } from '../render';
import { requireRole, type WebEnv } from '../session';
import { readForm } from '../form';

/**
 * Người dùng và vai trò: the list, and a form creating a user through the same schema and
 * domain rules as POST /api/v1/users; each refusal is said beside its field.
 */
type Typed = Record<string, string>;

const FIELD_WORDS: Record<string, string> = {
  username: 'Tên đăng nhập',
  displayName: 'Họ và tên',
  title: 'Chức danh',
  role: 'Vai trò',
  password: 'Mật khẩu',
};

/** The domain's refusals, by code, in Vietnamese and on their field. */
const REFUSALS: Record<string, FieldError> = {
  invalid_username: { field: 'username', message: 'Tên đăng nhập: 3–40 ký tự, chỉ gồm chữ thường không dấu, số và . _ -' },
  weak_password: { field: 'password', message: 'Mật khẩu phải có ít nhất 8 ký tự' },
  invalid_role: { field: 'role', message: 'Chọn một vai trò trong danh sách' },
  username_taken: { field: 'username', message: 'Tên đăng nhập này đã có người dùng' },
};

function zodErrors(e: ZodError): FieldError[] {
  return e.issues.map((i) => {
    const field = String(i.path[0] ?? 'username');
    const words = FIELD_WORDS[field] ?? field;
    const message = field === 'displayName' ? `${words}: từ 2 đến 120 ký tự` : field === 'role' ? 'Chọn một vai trò trong danh sách' : `${words}: không hợp lệ`;
    return { field, message };
  });
}

function UserForm({ c, typed, errors }: { c: Context<WebEnv>; typed: Typed; errors: FieldError[] }) {
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  return (
    <form method="post" action="/admin/users" class="narrow" novalidate>
      <CsrfInput token={csrfFor(c)} />
      <TextField id="username" label="Tên đăng nhập" hint="3–40 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang" value={typed.username} error={err('username')} autocomplete="off" required />
      <TextField id="displayName" label="Họ và tên" value={typed.displayName} error={err('displayName')} autocomplete="off" required />
      <TextField id="title" label="Chức danh (không bắt buộc)" value={typed.title} error={err('title')} autocomplete="off" />
      <div class={err('role') ? 'field field--error' : 'field'}>
        <label for="role">Vai trò</label>
        {err('role') ? <span class="error-message" id="role-error">{err('role')}</span> : null}
        <select id="role" name="role" aria-describedby={err('role') ? 'role-error' : undefined}>
          {ROLES.map((r) => (
            <option value={r} selected={typed.role === r}>
              {ROLE_WORDS[r]}
            </option>
          ))}
        </select>
      </div>
      <TextField id="password" type="password" label="Mật khẩu ban đầu" hint="Ít nhất 8 ký tự; người dùng nên đổi sau lần đăng nhập đầu" error={err('password')} autocomplete="new-password" required />
      <button type="submit" class="button">
        Thêm người dùng
      </button>
    </form>
  );
}

async function usersPage(c: Context<WebEnv>, opts: { typed?: Typed; errors?: FieldError[]; created?: string; status?: 200 | 400 | 409 } = {}) {
  const users = await c.var.services.users.list();
  return page(c, { title: 'Người dùng', status: opts.status }, (
    <>
      <h1>Người dùng và vai trò</h1>
      <ErrorSummary errors={opts.errors ?? []} />
      {opts.created ? <Notice tone="ok">Đã thêm người dùng {opts.created}.</Notice> : null}
      <table class="table table--stack">
        <caption>{users.length} người dùng</caption>
        <thead>
          <tr>
            <th scope="col">Tên đăng nhập</th>
            <th scope="col">Họ và tên</th>
            <th scope="col">Chức danh</th>
            <th scope="col">Vai trò</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr>
              <td data-label="Tên đăng nhập" class="code">{u.username}</td>
              <td data-label="Họ và tên">{u.displayName}</td>
              <td data-label="Chức danh">{u.title ?? ''}</td>
              <td data-label="Vai trò">{ROLE_WORDS[u.role]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Thêm người dùng</h2>
      <UserForm c={c} typed={opts.typed ?? {}} errors={opts.errors ?? []} />
    </>
  ));
}

export const adminUserPages = new Hono<WebEnv>()
  .get('/admin/users', requireRole('admin'), async (c) => {
    // Only a user that exists is announced: the query string is anyone's to write.
    const created = (await c.var.services.users.find(c.req.query('created') ?? ''))?.username;
    return usersPage(c, { created });
  })
  .post('/admin/users', requireRole('admin'), async (c) => {
    const form = await readForm(c);
    const typed: Typed = {};
    for (const f of ['username', 'displayName', 'title', 'role']) typed[f] = String(form.get(f) ?? '').normalize('NFC').trim();
    const input = { ...typed, title: typed.title || undefined, password: String(form.get('password') ?? '') };
    const parsed = newUserInput.safeParse(input);
    if (!parsed.success) return usersPage(c, { typed, errors: zodErrors(parsed.error), status: 400 });
    try {
      const user = await c.var.services.users.create(c.var.user, parsed.data);
      return c.redirect(`/admin/users?created=${encodeURIComponent(user.username)}`, 303);
    } catch (e) {
      const known = isTaichoError(e) ? REFUSALS[e.code] : undefined;
      if (!known) throw e;
      return usersPage(c, { typed, errors: [known], status: known === REFUSALS.username_taken ? 409 : 400 });
    }
  });
