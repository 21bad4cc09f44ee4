import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

/**
 * The desk's own static files (src/web/assets: one stylesheet, small enhancement scripts),
 * served by the service itself: the LAN has no internet, and the CSP allows 'self' only.
 * URLs carry a content hash, so browsers keep them a year and a new release is fetched anew.
 */
const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');
const TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml' };

interface Asset {
  body: Uint8Array;
  type: string;
  version: string;
}

function load(): Map<string, Asset> {
  const files = new Map<string, Asset>();
  for (const name of readdirSync(DIR)) {
    const type = TYPES[path.extname(name)];
    if (!type) continue;
    const body = new Uint8Array(readFileSync(path.join(DIR, name)));
    files.set(name, { body, type, version: createHash('sha256').update(body).digest('hex').slice(0, 10) });
  }
  return files;
}

const assets = load();

/** The versioned URL of an asset, e.g. `/assets/3f2a…/app.css`; throws on a name that does not exist. */
export function assetUrl(name: string): string {
  const a = assets.get(name);
  if (!a) throw new Error(`No web asset '${name}' in ${DIR}`);
  return `/assets/${a.version}/${name}`;
}

export const assetRoutes = new Hono().get('/assets/:version/:name', (c) => {
  const a = assets.get(c.req.param('name'));
  if (!a) return c.notFound();
  // An old version asked for (a page cached across a release) gets today's file, not cached long.
  const current = a.version === c.req.param('version');
  return c.body(a.body as Uint8Array<ArrayBuffer>, 200, {
    'content-type': a.type,
    'cache-control': current ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
});
