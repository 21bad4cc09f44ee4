#!/usr/bin/env node
/**
 * `npm run build` (and `prepare`, so `npm ci` runs it): the TypeScript sources compiled once into
 * dist/ as ESM for Node 20, so the `taicho` command and `npm start` do not transpile at every
 * start. bin/taicho.mjs runs this again by itself when dist/ is missing or older than a source
 * (scripts/build-check.mjs), so a fresh clone and a `git pull` both start on current code.
 *
 * Entries: the CLI (which `serve`s too) and each worker-thread entry. Code splitting keeps the
 * CLI's lazy `import()`s lazy: without it esbuild hoists every package those modules import to
 * the top of one file, and `taicho verify` would load sharp, tesseract.js and pdfjs to start.
 * Plain-JavaScript packages are bundled too: Node then neither resolves hundreds of files nor
 * scans the CommonJS ones (pdf-lib, fontkit, node-forge, @peculiar/*) for their exports, which
 * was a quarter of the CPU of `taicho verify` and of a server's start (bench/start-up.ts).
 * Tests keep running from the sources (vitest, tsx).
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build as esbuild } from 'esbuild';
import { DIST, MANIFEST, ROOT } from './build-check.mjs';

/** dist/<name>.js ← source. The worker names are the ones src/shared/worker-file.ts asks for. */
export const ENTRIES = {
  cli: 'src/cli/main.ts',
  'ocr-worker': 'workers/ocr-worker.ts',
  'verify-worker': 'workers/verify-worker.ts',
};

/**
 * Packages loaded from node_modules at run time: native addons (sharp, better-sqlite3), and
 * packages that start threads or read files from their own folder by path (tesseract.js and its
 * language data, pdfjs-dist, piscina's and pino's worker files). A new package of either kind
 * must be listed here: test/build.test.ts runs the server, verify and OCR from dist/.
 */
const EXTERNAL = ['sharp', 'better-sqlite3', 'tesseract.js', '@tesseract.js-data/*', 'pdfjs-dist', 'pdfjs-dist/*', 'piscina', 'pino'];

/** Files besides our sources whose change makes a different build (the lock: bundled packages). */
const BUILD_INPUTS = ['scripts/build.mjs', 'tsconfig.json', 'package.json', 'package-lock.json'];

/** CommonJS code in the bundle still calls require() for Node's built-in modules. */
const REQUIRE_SHIM = "import { createRequire as __taichoCreateRequire } from 'node:module'; const require = __taichoCreateRequire(import.meta.url);";

/**
 * Code that finds files beside its own source (fonts in assets/, the desk's assets in
 * src/web/assets, drizzle/ migrations, tesseract data through createRequire) uses
 * `import.meta.url`, which in a bundle would be the bundle's URL. Every output file sits directly
 * in dist/, so each module's `import.meta.url` becomes its source file's URL, reached from the
 * bundle's: those paths then resolve the same from dist/ as from the sources.
 */
const sourceUrls = {
  name: 'source-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.tsx?$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const rel = path.relative(ROOT, args.path).split(path.sep);
      if (rel[0] === '..' || rel[0] === 'node_modules') return undefined;
      if (/import\.meta\.(dirname|filename)\b/.test(text)) {
        return { errors: [{ text: `${rel.join('/')}: use import.meta.url (the build maps it back to the source file), not import.meta.dirname/filename` }] };
      }
      const url = `new URL(${JSON.stringify(`../${rel.map(encodeURIComponent).join('/')}`)}, import.meta.url).href`;
      return { contents: text.replaceAll('import.meta.url', url), loader: path.extname(args.path).slice(1) };
    });
  },
};

/**
 * Builds dist/. Each file is written whole and renamed into place, chunks before the entries
 * that import them and the manifest last: a second process building at the same time (npx runs
 * `prepare` too), or starting meanwhile, never reads half a file. Files of earlier builds are
 * kept a day, so a server still running one finds the chunks it loads lazily; `clean` (npm run
 * build -- --clean) empties dist/ first.
 */
export async function build({ clean = false, quiet = false } = {}) {
  const startedAt = Date.now(); // a source saved during the build is newer than this: rebuilt next time
  if (clean) rmSync(DIST, { recursive: true, force: true });
  const result = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: DIST,
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    banner: { js: REQUIRE_SHIM },
    sourcemap: 'linked',
    sourcesContent: false,
    define: { __TAICHO_DIST__: 'true' },
    plugins: [sourceUrls],
    metafile: true,
    write: false,
    logLevel: quiet ? 'error' : 'warning',
  });
  mkdirSync(DIST, { recursive: true });
  const entries = new Set(Object.keys(ENTRIES).flatMap((n) => [`${n}.js`, `${n}.js.map`]));
  const files = [...result.outputFiles].sort((a, b) => Number(entries.has(path.basename(a.path))) - Number(entries.has(path.basename(b.path))));
  for (const f of files) writeWhole(f.path, f.contents);
  // Bundled packages change only with the lock: no need to stat their thousand files at every start.
  const inputs = [...Object.keys(result.metafile.inputs).filter((f) => !/(^|\/)node_modules\//.test(f)), ...BUILD_INPUTS].sort();
  writeWhole(MANIFEST, JSON.stringify({ startedAt, inputs }, null, 1));
  pruneOlderThan(startedAt - KEEP_MS, new Set(files.map((f) => path.basename(f.path))));
  if (!quiet) process.stderr.write(`built dist/: ${files.filter((f) => f.path.endsWith('.js')).length} files from ${inputs.length} sources in ${Date.now() - startedAt} ms\n`);
}

const KEEP_MS = 24 * 3600_000;

/** Chunks no longer built (and temp files of builds that died), once nothing should run them. */
function pruneOlderThan(time, current) {
  for (const name of readdirSync(DIST)) {
    if (current.has(name) || !/^chunk-|\.tmp$/.test(name)) continue;
    const file = path.join(DIST, name);
    if (statSync(file).mtimeMs < time) rmSync(file, { force: true });
  }
}

function writeWhole(file, contents) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await build({ clean: process.argv.includes('--clean') }).catch((e) => {
    process.stderr.write(`build failed: ${e.message}\n`);
    process.exit(1);
  });
}
