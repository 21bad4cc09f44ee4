/** Set to true by scripts/build.mjs in the compiled build (dist/); absent when running the sources. */
declare const __TAICHO_DIST__: boolean | undefined;

/**
 * The URL piscina loads for a worker thread: the compiled entry in dist/ when this code runs from
 * the build, else the shim in workers/ that gives the thread tsx's loader (sources under vitest
 * or tsx). A thread starts as plain Node either way, so it cannot simply import a .ts file.
 * The build maps `import.meta.url` back to this source file, hence the same base in both cases.
 */
export function workerFile(name: 'ocr-worker' | 'verify-worker'): string {
  const built = typeof __TAICHO_DIST__ !== 'undefined' && __TAICHO_DIST__;
  return new URL(built ? `../../dist/${name}.js` : `../../workers/${name}.mjs`, import.meta.url).href;
}
