import type { Child } from 'hono/jsx';
import type { AuthUser } from '../auth/roles';
import { assetUrl } from './assets';
import { CSRF_FIELD } from './csrf';
import { ROLE_WORDS } from './format';
import { navFor } from './nav';

export interface LayoutProps {
  title: string;
  agency: string;
  user?: AuthUser;
  /** The session's CSRF token, for the sign-out form. */
  csrf?: string;
  /** The current path, to mark the nav item (aria-current). */
  path?: string;
  /** Enhancement scripts for this page (names in src/web/assets), loaded deferred. */
  scripts?: string[];
  children?: Child;
}

/**
 * Every page's frame: skip link, header (agency, who is signed in and their role, sign-out),
 * the role's navigation, main, footer. The title reads "page – service" for screen readers.
 */
export function Layout(p: LayoutProps) {
  return (
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${p.title} – Một cửa điện tử`}</title>
        <link rel="stylesheet" href={assetUrl('app.css')} />
        <script src={assetUrl('desk.js')} defer></script>
        {(p.scripts ?? []).map((s) => (
          <script src={assetUrl(s)} defer></script>
        ))}
      </head>
      <body>
        <a href="#main" class="skip-link">
          Bỏ qua, đến nội dung chính
        </a>
        <header class="site-header">
          <div class="site-header__inner">
            {/* Citizens (no session) go back to the lookup; staff to their work list. */}
            <a href={p.user ? '/' : '/lookup'} class="site-header__agency">
              {p.agency}
              <span class="site-header__service">Bộ phận Một cửa – hệ thống một cửa điện tử</span>
            </a>
            {p.user ? <UserBox user={p.user} csrf={p.csrf ?? ''} /> : null}
          </div>
        </header>
        {p.user ? <Nav user={p.user} path={p.path ?? ''} /> : null}
        <main id="main" tabindex={-1}>
          {p.children}
        </main>
        <footer class="site-footer">
          <div class="site-footer__inner">Giờ hiển thị theo giờ Việt Nam (GMT+7).</div>
        </footer>
      </body>
    </html>
  );
}

function UserBox({ user, csrf }: { user: AuthUser; csrf: string }) {
  return (
    <div class="site-header__user">
      <span>
        <span class="visually-hidden">Đang đăng nhập: </span>
        {user.displayName}
      </span>
      <span class="site-header__role">
        <span class="visually-hidden">Vai trò: </span>
        {ROLE_WORDS[user.role]}
      </span>
      <form method="post" action="/sign-out">
        <input type="hidden" name={CSRF_FIELD} value={csrf} />
        <button type="submit" class="button button--link">
          Đăng xuất
        </button>
      </form>
    </div>
  );
}

function Nav({ user, path }: { user: AuthUser; path: string }) {
  return (
    <nav class="site-nav" aria-label="Các màn hình">
      <div class="site-nav__inner">
        <ul>
          {navFor(user.role).map((n) => (
            <li>
              <a href={n.href} aria-current={path === n.href ? 'page' : undefined}>
                {n.text}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </nav>
  );
}
