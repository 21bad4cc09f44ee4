#!/usr/bin/env node
// The `taicho` command (and `npm start`, which is `taicho serve`). It runs the compiled build in
// dist/, not the TypeScript sources: transpiling them at every start took seconds. When dist/ is
// missing or older than a source (a fresh clone, a `git pull`, an edit) it is built first.
// Stack traces name the TypeScript sources with NODE_OPTIONS=--enable-source-maps (not by default:
// reading the maps costs a tenth of a short command's start).
import { staleReason } from '../scripts/build-check.mjs';

// `taicho pki list | head`: the reader left, so there is nobody to tell; stop quietly (no EPIPE stack).
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const stale = staleReason();
if (stale) {
  // Silent unless someone watches: scripts and tests read this command's stderr.
  if (process.stderr.isTTY) process.stderr.write(`taicho: building dist/ first (${stale})\n`);
  try {
    await (await import('../scripts/build.mjs')).build({ quiet: true });
  } catch (e) {
    process.stderr.write(`taicho: cannot build dist/ (${stale}): ${e.message}\nRun npm ci (it installs esbuild and builds), or npm run build.\n`);
    process.exit(1);
  }
}
const { main } = await import('../dist/cli.js');
process.exitCode = await main(process.argv.slice(2));
