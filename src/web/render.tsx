import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { preparedResponse } from '../http/security-headers';
import { csrfFor } from './csrf';
import { Layout, type LayoutProps } from './layout';
import { currentUser, type WebEnv } from './session';

export interface PageOptions {
  title: string;
  scripts?: string[];
  status?: 200 | 201 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 501 | 503;
}

/** Renders a page in the common layout, with the signed-in user and their CSRF token. */
export function page(c: Context<WebEnv>, opts: PageOptions, body: Child): Response | Promise<Response> {
  const html = <Layout {...layoutProps(c, opts)}>{body}</Layout>;
  return c.html(`<!doctype html>${html}`, opts.status ?? 200);
}

/**
 * The same page around a main part already rendered (a kept answer, src/http/answer-cache.ts).
 * The frame is rendered once per everything it shows — title, the user's name and role, their
 * session's CSRF token, the path the nav marks — and kept under exactly that, so it is never
 * another user's: a hot page costs two string joins instead of a layout render.
 */
export function pageAround(c: Context<WebEnv>, opts: PageOptions, main: string): Response {
  const [before, after] = frameOf(c, opts);
  // Built whole, its headers final (src/http/security-headers.ts): pages are never stored.
  return preparedResponse(before + main + after, opts.status ?? 200, HTML_HEADERS);
}

const HTML_HEADERS = { 'content-type': 'text/html; charset=UTF-8', 'cache-control': 'no-store' };

function layoutProps(c: Context<WebEnv>, opts: PageOptions): Omit<LayoutProps, 'children'> {
  return { title: opts.title, agency: c.var.services.settings.agency.name, user: currentUser(c), csrf: csrfFor(c), path: c.req.path, scripts: opts.scripts };
}

const MAIN = '\u0000main\u0000';
const frames = new Map<string, [string, string]>();
/** Frames of the sessions using hot pages now; the oldest goes first past it. */
const MAX_FRAMES = 10_000;

function frameOf(c: Context<WebEnv>, opts: PageOptions): [string, string] {
  const u = currentUser(c);
  // Everything the layout prints: the user, the session (its CSRF token is made from it), the
  // path (it marks a nav item, and there is a nav only for a user). The agency is configuration.
  const session = u ? `${u.id}\u0001${u.username}\u0001${u.displayName}\u0001${u.role}\u0001${c.var.token}\u0001${c.req.path}` : '';
  const key = `${opts.title}\u0000${session}\u0000${(opts.scripts ?? []).join(',')}`;
  let frame = frames.get(key);
  if (!frame) {
    const html = `<!doctype html>${<Layout {...layoutProps(c, opts)}>{raw(MAIN)}</Layout>}`;
    const at = html.indexOf(MAIN);
    frame = [html.slice(0, at), html.slice(at + MAIN.length)];
    if (frames.size >= MAX_FRAMES) frames.delete(frames.keys().next().value!);
    frames.set(key, frame);
  }
  return frame;
}
