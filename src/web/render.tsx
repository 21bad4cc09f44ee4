import type { Context } from 'hono';
import { raw } from 'hono/html';
import { escapeToBuffer } from 'hono/utils/html';
import type { Child } from 'hono/jsx';
import { preparedHeaders, preparedResponse } from '../http/security-headers';
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
 * The frame is rendered once per everything it shows but the title — the user's name and role,
 * their session's CSRF token, the path the nav marks — and kept under exactly that, so it is
 * never another user's; the title is escaped into its slot. A hot page costs string joins of
 * kept parts instead of a layout render, and a page per dossier code no frame render of its own.
 */
export function pageAround(c: Context<WebEnv>, opts: PageOptions, main: string): Response {
  // Built whole, its headers final (src/http/security-headers.ts): pages are never stored.
  return preparedResponse(pageText(c, opts, main), opts.status ?? 200, HTML_HEADERS);
}

/** The whole page's HTML around `main` (see `pageAround`), for a caller that keeps it. */
export function pageText(c: Context<WebEnv>, opts: PageOptions, main: string): string {
  const [head, beforeMain, after] = frameOf(c, opts);
  return head + escapeText(opts.title) + beforeMain + main + after;
}

/** The page's headers, security headers included, made once (`sendPrepared`). */
export const HTML_HEADERS = preparedHeaders({ 'content-type': 'text/html; charset=UTF-8', 'cache-control': 'no-store' });

function layoutProps(c: Context<WebEnv>, opts: PageOptions): Omit<LayoutProps, 'children'> {
  return { title: opts.title, agency: c.var.services.settings.agency.name, user: currentUser(c), csrf: csrfFor(c), path: c.req.path, scripts: opts.scripts };
}

const MAIN = '\u0000main\u0000';
const TITLE = '\u0000title\u0000';
type Frame = readonly [head: string, beforeMain: string, after: string];
const frames = new Map<string, Frame>();
/** Frames of the sessions using hot pages now; the oldest goes first past it. */
const MAX_FRAMES = 10_000;

function frameOf(c: Context<WebEnv>, opts: PageOptions): Frame {
  const u = currentUser(c);
  // Everything the layout prints but the title: the user, the session (its CSRF token is made
  // from it), the path (it marks a nav item, and there is a nav only for a user). The agency is
  // configuration.
  const session = u ? `${u.id}\u0001${u.username}\u0001${u.displayName}\u0001${u.role}\u0001${c.var.token}\u0001${c.req.path}` : '';
  const key = `${session}\u0000${(opts.scripts ?? []).join(',')}`;
  let frame = frames.get(key);
  if (!frame) {
    frame = splitFrame(`<!doctype html>${<Layout {...layoutProps(c, { ...opts, title: TITLE })}>{raw(MAIN)}</Layout>}`);
    if (frames.size >= MAX_FRAMES) frames.delete(frames.keys().next().value!);
    frames.set(key, frame);
  }
  return frame;
}

/** The layout rendered around the two markers, cut at them (the title comes first, once, in <head>). */
function splitFrame(html: string): Frame {
  const title = html.indexOf(TITLE);
  const main = html.indexOf(MAIN);
  if (title < 0 || main < title || html.indexOf(TITLE, title + 1) >= 0) throw new Error('Layout: the title must be printed once, before main');
  return [html.slice(0, title), html.slice(title + TITLE.length, main), html.slice(main + MAIN.length)];
}

/** Escaped as hono/jsx escapes text: the title carries what the visitor typed (a dossier code). */
function escapeText(text: string): string {
  const buffer: [string] = [''];
  escapeToBuffer(text, buffer);
  return buffer[0];
}
