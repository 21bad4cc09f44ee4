import { spawnSync } from 'node:child_process';

/**
 * Independent command-line oracles (pdfsig, pdftotext, qpdf, openssl, tesseract, certutil).
 * On a fresh laptop without them a test skips and says why; CI sets TAICHO_REQUIRE_TOOLS=1
 * (and installs them), where a missing tool is a failure rather than a silent skip.
 *
 *   const hasPdfsig = haveTool('pdfsig');
 *   it.skipIf(!hasPdfsig)('…', () => …);
 */
export function haveTool(name: string): boolean {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
  if (!found) {
    if (process.env.TAICHO_REQUIRE_TOOLS === '1') {
      throw new Error(`${name} is required (TAICHO_REQUIRE_TOOLS=1) but not installed`);
    }
    console.warn(`[skip] ${name} is not installed: tests that use it as an oracle are skipped (apt-get install it to run them)`);
  }
  return found;
}

/** Runs a tool and returns stdout, stderr and status (never throws on a non-zero exit). */
export function runTool(cmd: string, args: string[], input?: Uint8Array): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
