import { Hono, type Context } from 'hono';
import { isTaichoError } from '../../shared/errors';
import { CsrfInput, ErrorSummary, errorFor, TextField, type FieldError } from '../components';
import { csrfFor } from '../csrf';
import { page } from '../render';
import { currentUser, endSession, startSession, type WebEnv } from '../session';
import { readForm } from '../form';

/** Sign in (Đăng nhập) and sign out. The session cookie replaces the API's bearer token. */

/** Only a path on this site: never `//evil.example` or an absolute URL (no open redirect). */
export function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

function signInPage(c: Context<WebEnv>, opts: { next: string; username?: string; errors?: FieldError[]; expired?: boolean; status?: 200 | 400 | 401 | 429 }) {
  const errors = opts.errors ?? [];
  return page(c, { title: 'Đăng nhập', status: opts.status }, (
    <div class="narrow">
      <ErrorSummary errors={errors} />
      {opts.expired && !errors.length ? (
        <div class="notice" role="status">Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại để tiếp tục.</div>
      ) : null}
      <h1>Đăng nhập</h1>
      <form method="post" action="/sign-in" novalidate>
        <CsrfInput token={csrfFor(c)} />
        <input type="hidden" name="next" value={opts.next} />
        <TextField id="username" label="Tên đăng nhập" value={opts.username} autocomplete="username" error={errorFor(errors, 'username')} required extra={{ spellcheck: 'false', autocapitalize: 'none' }} />
        <TextField id="password" label="Mật khẩu" type="password" autocomplete="current-password" error={errorFor(errors, 'password')} required />
        <button type="submit" class="button">
          Đăng nhập
        </button>
      </form>
    </div>
  ));
}

export const authPages = new Hono<WebEnv>()
  .get('/sign-in', (c) => {
    const next = safeNext(c.req.query('next'));
    if (currentUser(c)) return c.redirect(next, 303);
    return signInPage(c, { next, expired: c.req.query('expired') === '1' });
  })
  .post('/sign-in', async (c) => {
    const form = await readForm(c);
    const username = String(form.get('username') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const next = safeNext(String(form.get('next') ?? '/'));
    const missing: FieldError[] = [];
    if (!username) missing.push({ field: 'username', message: 'Nhập tên đăng nhập' });
    if (!password) missing.push({ field: 'password', message: 'Nhập mật khẩu' });
    if (missing.length) return signInPage(c, { next, username, errors: missing, status: 400 });
    try {
      const { token } = await c.var.services.auth.login(username, password);
      startSession(c, token);
      return c.redirect(next, 303);
    } catch (e) {
      if (!isTaichoError(e) || ![401, 429].includes(e.httpStatus)) throw e;
      const message = e.httpStatus === 429 ? 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 1 phút.' : 'Tên đăng nhập hoặc mật khẩu không đúng';
      return signInPage(c, { next, username, errors: [{ field: 'password', message }], status: e.httpStatus as 401 | 429 });
    }
  })
  .post('/sign-out', async (c) => {
    await endSession(c);
    return c.redirect('/sign-in', 303);
  });
