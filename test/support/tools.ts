import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';

/**
 * Independent command-line oracles (pdfsig, pdftotext, qpdf, openssl, tesseract, certutil) and
 * data outside the repository (../shared). On a fresh laptop without them a test skips and says
 * why; CI sets TAICHO_REQUIRE_TOOLS=1 (and installs them), where a missing one is a failure.
 *
 *   const oracle = needTools('pdfsig', 'qpdf');
 *   oracle.it('…', () => …);            // skipped with the reason in its title, or failing in CI
 *   needPath(dir, 'the corpus').describe('…', () => { … });
 *
 * Never guard assertions with `if (hasTool)` inside a test: the test then passes having
 * checked nothing. Put the oracle's check in a test of its own instead.
 */
const required = () => process.env.TAICHO_REQUIRE_TOOLS === '1';
const found = new Map<string, boolean>();

function onPath(name: string): boolean {
  if (!found.has(name)) found.set(name, spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0);
  return found.get(name)!;
}

export interface Need {
  /** Everything is there. */
  readonly ok: boolean;
  /** What is missing, for the skip message or the failure ('' when ok). */
  readonly reason: string;
  /** Both this and the other need. */
  and(other: Need): Need;
  /** `it` when met; otherwise a visible skip, or under TAICHO_REQUIRE_TOOLS=1 a failing test. */
  it(title: string, fn: () => unknown, timeout?: number): void;
  /** `describe` when met; otherwise a visible skip, or under TAICHO_REQUIRE_TOOLS=1 one failing test. */
  describe(title: string, fn: () => void): void;
}

function need(missing: string[]): Need {
  const ok = missing.length === 0;
  const reason = missing.join('; ');
  const failure = () => {
    throw new Error(`${reason} (TAICHO_REQUIRE_TOOLS=1: CI must run this test)`);
  };
  if (!ok && !required()) console.warn(`[skip] ${reason}: tests that need it are skipped`);
  return {
    ok,
    reason,
    and: (other) => need([...missing, ...(other.ok ? [] : [other.reason])]),
    it(title, fn, timeout) {
      if (ok) it(title, fn, timeout);
      else if (required()) it(title, failure);
      else it.skip(`${title} [skipped: ${reason}]`, fn);
    },
    describe(title, fn) {
      if (ok) describe(title, fn);
      else if (required()) describe(title, () => it('has what it needs', failure));
      // The body is not run: it may read what is missing.
      else describe(title, () => it.skip(`[skipped: ${reason}]`, () => {}));
    },
  };
}

/** Command-line tools that a test uses as oracles. */
export function needTools(...names: string[]): Need {
  return need(names.filter((n) => !onPath(n)).map((n) => `${n} is not installed (apt-get install it)`));
}

/** A file or folder outside the repository (e.g. ../shared/corpus) that a test reads. */
export function needPath(file: string, what: string): Need {
  return need(existsSync(file) ? [] : [`${what} not found at ${file}`]);
}

/**
 * Whether a tool is installed, for `it.skipIf(!haveTool(x))`. Under TAICHO_REQUIRE_TOOLS=1 a
 * missing tool throws, which fails the whole file. Prefer `needTools` in new tests: it fails or
 * skips each test by itself and names it.
 */
export function haveTool(name: string): boolean {
  if (onPath(name)) return true;
  if (required()) throw new Error(`${name} is required (TAICHO_REQUIRE_TOOLS=1) but not installed`);
  console.warn(`[skip] ${name} is not installed: tests that use it as an oracle are skipped (apt-get install it to run them)`);
  return false;
}

/** Runs a tool and returns stdout, stderr and status (never throws on a non-zero exit). */
export function runTool(cmd: string, args: string[], input?: Uint8Array): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
