import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * package.json tells the truth: every runtime dependency is imported by code that runs in
 * production (src/ outside tests, the worker entries, bin/ and the build it runs), and that code
 * imports no package that `npm ci --omit=dev` would leave out. Specifiers are read from the
 * source text: static and dynamic imports, re-exports, require() and require.resolve(); a
 * computed one (`@tesseract.js-data/${lang}/…`) counts for every package its fixed prefix names.
 * `import type` loads nothing at run time and does not count.
 */
const root = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

/** Test code and test helpers kept beside the sources; workers/*.mjs load tsx, for the sources only. */
const devOnly = (file: string) => /\.test\.tsx?$|(^|\/)testing(\/|\.ts$)|^workers\/.*\.mjs$/.test(file);

function files(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .map((f) => `${dir}/${f.split(path.sep).join('/')}`)
    .filter((f) => /\.(ts|tsx|mjs|js)$/.test(f) && !f.endsWith('.d.mts'));
}

const runtimeFiles = [...files('src'), ...files('workers'), ...files('bin'), 'scripts/build.mjs', 'scripts/build-check.mjs'].filter((f) => !devOnly(f));

/** `import … from 'x'`, `export … from 'x'`; `import 'x'`; `import('x')`, `require('x')`, `require.resolve(`x/${…}`)`. */
const SPECIFIERS = [/\bfrom\s+(['"])([^'"\s]+)\1\s*(?:;|$)/gm, /^\s*import\s+(['"])([^'"\s]+)\1/gm, /\b(?:import|require(?:\.resolve)?)\s*\(\s*(['"`])([^'"`\s$]+)(\$\{)?/g];
const PACKAGE = /^(@[\w.-]+\/)?[\w.-]+/;

/** Package names (and prefixes of computed ones) a source file loads at run time. */
function loadedPackages(text: string): { names: Set<string>; prefixes: Set<string> } {
  const code = text.replace(/^\s*(import|export)\s+type\s[^;]*;/gm, '');
  const names = new Set<string>();
  const prefixes = new Set<string>();
  for (const m of SPECIFIERS.flatMap((re) => [...code.matchAll(re)])) {
    const spec = m[2];
    if (spec.startsWith('.') || spec.startsWith('node:')) continue;
    if (m[3]) prefixes.add(spec);
    else if (PACKAGE.test(spec)) names.add(PACKAGE.exec(spec)![0]);
  }
  return { names, prefixes };
}


const loaded = runtimeFiles.map((f) => ({ file: f, ...loadedPackages(readFileSync(path.join(root, f), 'utf8')) }));
const isLoaded = (dep: string) => loaded.some((l) => l.names.has(dep) || [...l.prefixes].some((p) => p.length > 2 && dep.startsWith(p)));

describe('package.json', () => {
  it('every runtime dependency is loaded by code that runs in production', () => {
    const unused = Object.keys(pkg.dependencies).filter((d) => !isLoaded(d));
    expect(unused, 'not imported by src/ (outside tests), workers/ or bin/: remove them, or move them to devDependencies').toEqual([]);
  });

  it('code that runs in production loads no package outside dependencies', () => {
    const builtins = new Set(['node', 'bun']);
    const missing = loaded.flatMap((l) => [...l.names].filter((n) => !(n in pkg.dependencies) && !builtins.has(n)).map((n) => `${n} (${l.file})`));
    expect(missing, 'npm ci --omit=dev would not install these').toEqual([]);
  });

  it('the reader of specifiers sees what it must, and not type-only imports', () => {
    const r = loadedPackages(["import { a } from 'pkg-a';", "import type { B } from 'pkg-b';", "import 'side-effect';", "const c = await import('@scope/c/sub');",
      "export { d } from 'pkg-d';", "require.resolve(`@data/${lang}/package.json`);", "import x from './local';", "import fs from 'node:fs';"].join('\n'));
    expect([...r.names].sort()).toEqual(['@scope/c', 'pkg-a', 'pkg-d', 'side-effect']);
    expect([...r.prefixes]).toEqual(['@data/']);
  });
});
