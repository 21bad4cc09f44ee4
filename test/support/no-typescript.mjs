/**
 * Preloaded with `node --import` (test/build.test.ts): loading tsx or any TypeScript file fails,
 * in the main thread and in worker threads (which inherit the preload), so a command that still
 * works ran from the compiled build in dist/ alone.
 */
import { register } from 'node:module';

const hooks = `
export async function resolve(specifier, context, next) {
  if (/^tsx(\\/|$)/.test(specifier)) throw new Error('no-typescript: tsx imported (' + specifier + ')');
  const r = await next(specifier, context);
  if (/\\.[mc]?tsx?$/.test(new URL(r.url).pathname)) throw new Error('no-typescript: TypeScript loaded (' + r.url + ')');
  return r;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
