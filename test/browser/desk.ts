import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { DEMO_PASSWORD, makeHarness, type Harness, type HarnessOptions } from '../support/harness';

/**
 * Browser tests of the web desk: the real server (node-server on a free port, a temp data dir,
 * OCR worker threads) driven by Debian's chromium through playwright-core, by visible labels.
 *
 *   const desk = await startDesk();            // in beforeAll
 *   const page = await desk.page();            // a fresh browser context (its own cookies)
 *   await signIn(page, 'reception');
 *   await expectAccessible(page, 'home');      // axe-core: no serious/critical violation
 *
 * Without /usr/bin/chromium the suites skip and say so; under TAICHO_REQUIRE_TOOLS=1 they fail.
 */
export const CHROMIUM = '/usr/bin/chromium';

export function haveChromium(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.TAICHO_REQUIRE_TOOLS === '1') throw new Error(`${CHROMIUM} is required (TAICHO_REQUIRE_TOOLS=1): apt-get install chromium`);
  console.warn(`[skip] ${CHROMIUM} is not installed: the browser tests of the web desk are skipped (apt-get install chromium)`);
  return false;
}

const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface Desk {
  h: Harness;
  url: string;
  browser: Browser;
  /** A new browser context (own cookies) and page, at the given width (1366 px: a counter PC). */
  page(opts?: { width?: number; height?: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function startDesk(opts: HarnessOptions = {}): Promise<Desk> {
  const h = await makeHarness({ digitise: true, ...opts });
  const server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  const contexts: BrowserContext[] = [];
  return {
    h,
    url,
    browser,
    async page({ width = 1366, height = 900 } = {}) {
      const context = await browser.newContext({ baseURL: url, viewport: { width, height }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true });
      contexts.push(context);
      const page = await context.newPage();
      watchConsole(page);
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      // SSE streams stay open until the browser goes; close the server only after it.
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await h.close();
    },
  };
}

const problems = new WeakMap<Page, string[]>();

/** Records CSP violations and script errors: a page that needs inline code would break in production. */
function watchConsole(page: Page): void {
  const list: string[] = [];
  problems.set(page, list);
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) list.push(m.text());
  });
  page.on('pageerror', (e) => list.push(`script error: ${e.message}`));
}

/** The focused element's class (runs in the browser). */
export function focusedClass(page: Page): Promise<string> {
  return page.evaluate(() => String((globalThis as unknown as { document: { activeElement: { className?: string } | null } }).document.activeElement?.className ?? ''));
}

/** Throws if the page broke its Content-Security-Policy or threw a script error. */
export function pageProblems(page: Page): string[] {
  return problems.get(page) ?? [];
}

/** Signs in through the form, by its visible labels, and waits for the home page. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
}

const AXE = readFileSync(path.join(path.dirname(createRequire(import.meta.url).resolve('axe-core')), 'axe.min.js'), 'utf8');

/**
 * axe-core over the whole page; throws listing every serious or critical violation. Injected
 * through the debugging protocol (page.evaluate), which the page's CSP does not govern: a
 * <script> tag (addScriptTag) would be refused by `script-src 'self'`, as it should.
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    // Runs in the browser: no DOM types in this Node project, hence the shape spelled out.
    const g = globalThis as unknown as { document: unknown; axe: { run(ctx: unknown, o: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } };
    const r = await g.axe.run(g.document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) throw new Error(`axe: ${what} has ${bad.length} serious/critical violation(s):\n${bad.map((v) => `  ${v.impact} ${v.id}: ${v.help} at ${v.targets.join(', ')}`).join('\n')}`);
}

export const SCREENSHOTS = path.resolve('docs/screenshots');

/** A full-page screenshot for the README, quantised to a small palette PNG. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const raw = await page.screenshot({ fullPage: true, type: 'png' });
  await sharp(raw).png({ palette: true, colours: 64, compressionLevel: 9 }).toFile(path.join(SCREENSHOTS, `${name}.png`));
}
