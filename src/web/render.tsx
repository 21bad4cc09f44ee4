import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { csrfFor } from './csrf';
import { Layout } from './layout';
import { currentUser, type WebEnv } from './session';

export interface PageOptions {
  title: string;
  scripts?: string[];
  status?: 200 | 201 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 501 | 503;
}

/** Renders a page in the common layout, with the signed-in user and their CSRF token. */
export function page(c: Context<WebEnv>, opts: PageOptions, body: Child): Response | Promise<Response> {
  const html = (
    <Layout title={opts.title} agency={c.var.services.settings.agency.name} user={currentUser(c)} csrf={csrfFor(c)} path={c.req.path} scripts={opts.scripts}>
      {body}
    </Layout>
  );
  return c.html(`<!doctype html>${html}`, opts.status ?? 200);
}
