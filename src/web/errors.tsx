import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { isTaichoError, type TaichoError } from '../shared/errors';
import { page, type PageOptions } from './render';
import type { WebEnv } from './session';

/**
 * Failures on the desk's pages become pages in Vietnamese, never JSON or a blank page: no
 * session → the sign-in page with `next`; 403 → "no permission"; 404; anything else a short
 * explanation. Forms catch their own input errors and show them beside the field instead.
 */
export function webError(err: unknown, c: Context<WebEnv>, log: (obj: object, msg: string) => void): Response | Promise<Response> {
  if (isTaichoError(err) && err.httpStatus === 401) return toSignIn(c, err.code === 'session_expired');
  if (isTaichoError(err) && err.httpStatus === 403) return forbiddenPage(c, err);
  if (isTaichoError(err) && err.httpStatus === 404) return notFoundPage(c);
  if (isTaichoError(err) || err instanceof ZodError || (err instanceof HTTPException && err.status < 500)) {
    const status = (isTaichoError(err) ? err.httpStatus : err instanceof HTTPException ? err.status : 400) as PageOptions['status'];
    const message = err instanceof ZodError ? err.issues.map((i) => i.message).join('; ') : (err as Error).message;
    return page(c, { title: 'Không thực hiện được', status }, (
      <>
        <h1>Không thực hiện được yêu cầu</h1>
        <p class="lead">{message}</p>
        <p><a href="/">Về trang việc của tôi</a></p>
      </>
    ));
  }
  log({ err }, 'unhandled error on a page');
  return page(c, { title: 'Lỗi hệ thống', status: 500 }, (
    <>
      <h1>Xin lỗi, hệ thống gặp lỗi</h1>
      <p class="lead">Lỗi đã được ghi lại. Vui lòng thử lại sau ít phút; nếu vẫn lỗi, báo cho quản trị hệ thống.</p>
      <p><a href="/">Về trang việc của tôi</a></p>
    </>
  ));
}

/** 303 to the sign-in page, remembering where to come back (a GET page; after a POST, the page it came from). */
function toSignIn(c: Context<WebEnv>, expired: boolean): Response {
  const back = c.req.method === 'GET' ? new URL(c.req.url).pathname + new URL(c.req.url).search : sameSitePath(c);
  const q = new URLSearchParams({ next: back });
  if (expired) q.set('expired', '1');
  return c.redirect(`/sign-in?${q}`, 303);
}

function sameSitePath(c: Context): string {
  // The Referer is the client's word: one that is not a URL (issue 10's fuzzing) counts as none.
  const ref = c.req.header('referer') ?? '';
  const url = URL.canParse(ref) ? new URL(ref) : undefined;
  return url && url.origin === new URL(c.req.url).origin ? url.pathname + url.search : '/';
}

export function forbiddenPage(c: Context<WebEnv>, err?: TaichoError) {
  const csrf = err?.code === 'csrf_failed';
  return page(c, { title: 'Không có quyền truy cập', status: 403 }, (
    <>
      <h1>Không có quyền truy cập</h1>
      <p class="lead">{csrf ? err.message : 'Vai trò của bạn không được dùng trang hoặc thao tác này.'}</p>
      <p>Nếu bạn cần quyền này, hãy liên hệ quản trị hệ thống.</p>
      <p><a href="/">Về trang việc của tôi</a></p>
    </>
  ));
}

export function notFoundPage(c: Context<WebEnv>) {
  return page(c, { title: 'Không tìm thấy trang', status: 404 }, (
    <>
      <h1>Không tìm thấy trang</h1>
      <p class="lead">Địa chỉ có thể đã gõ sai, hoặc hồ sơ không tồn tại.</p>
      <p><a href="/">Về trang việc của tôi</a></p>
    </>
  ));
}
