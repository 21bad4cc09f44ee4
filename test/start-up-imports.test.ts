import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * Start-up (issue 11): what a start loads before it answers. Loading modules was most of the
 * server's start (pdf-lib and fontkit, sharp, tesseract.js, the verifier) and a sixth of
 * `taicho verify` (zod, for one path). These packages are loaded where they are used, by
 * `import()`; a static import from any module of the start would bring them back, and the
 * build (scripts/build.mjs, code splitting) would then load them at every start. esbuild's
 * metafile gives the static import graph, the one the build follows.
 */
const ROOT = path.resolve(import.meta.dirname, '..');

async function staticGraph(entry: string): Promise<Metafile['inputs']> {
  const r = await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    write: false,
    metafile: true,
    outdir: 'unused',
    logLevel: 'silent',
  });
  return r.metafile.inputs;
}

/** Each unwanted package or source folder reached by static imports from `entry`, with the chain that reaches it. */
async function staticallyLoaded(entry: string, unwanted: readonly string[]): Promise<string[]> {
  const inputs = await staticGraph(entry);
  const from = new Map<string, string | undefined>([[entry, undefined]]);
  const queue = [entry];
  const found: string[] = [];
  while (queue.length) {
    const file = queue.shift()!;
    for (const i of inputs[file]?.imports ?? []) {
      if (i.kind === 'dynamic-import' || from.has(i.path)) continue;
      from.set(i.path, file);
      if (!i.external) queue.push(i.path);
      const hit = unwanted.find((u) => i.path === u || i.path.startsWith(`${u}/`));
      if (hit) found.push(`${hit}: ${chain(from, i.path).join(' → ')}`);
    }
  }
  return found;
}

function chain(from: Map<string, string | undefined>, file: string): string[] {
  const out: string[] = [];
  for (let f: string | undefined = file; f; f = from.get(f)) out.unshift(f);
  return out;
}

describe('what a start loads before its first answer', () => {
  it('the server loads no signing, drawing, OCR or verifying code until it is used', async () => {
    const unwanted = ['pdf-lib', '@pdf-lib/fontkit', 'sharp', 'tesseract.js', 'piscina', 'pkijs', 'src/signing', 'src/slips', 'src/verify/crypto'];
    expect(await staticallyLoaded('src/main.ts', unwanted)).toEqual([]);
  }, 60_000);

  it('taicho verify loads neither the configuration schema (zod) nor the report renderers', async () => {
    const unwanted = ['zod', 'pdf-lib', 'sharp', 'piscina', 'hono', 'pino', 'better-sqlite3'];
    expect(await staticallyLoaded('src/verify/node/cli.ts', unwanted)).toEqual([]);
  }, 60_000);

  it('finds a static import and names the chain that reaches it', async () => {
    expect(await staticallyLoaded('src/config.ts', ['zod'])).toEqual(['zod: src/config.ts → zod']);
  }, 60_000);
});
