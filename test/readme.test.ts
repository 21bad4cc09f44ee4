import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main';

/**
 * Issue 14: README's `sh` blocks, run as written, in order, in one bash shell (variables carry
 * from block to block as for a reader pasting them), against `npm start` on a free port and a
 * temp data folder. A block that must not run here says so in README with
 * `<!-- readme-test: skip (reason) -->` right above it; nothing is skipped silently.
 */
const root = path.resolve(import.meta.dirname, '..');
const SKIP = /^<!-- readme-test: skip \((.+)\) -->$/;

interface Block {
  line: number;
  code: string;
  skip?: string;
}

/** The fenced `sh` blocks of a Markdown text, each with the skip marker just above it, if any. */
function shBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```sh') continue;
    const end = lines.findIndex((l, j) => j > i && l.trimStart().startsWith('```'));
    if (end < 0 || lines[end].trim() !== '```') throw new Error(`README line ${i + 1}: the sh block is not closed by a line of just \`\`\``);
    let above = i - 1;
    while (above >= 0 && lines[above].trim() === '') above--;
    const skip = SKIP.exec(lines[above]?.trim() ?? '')?.[1];
    blocks.push({ line: i + 1, code: lines.slice(i + 1, end).join('\n'), skip });
    i = end;
  }
  return blocks;
}

const blocks = shBlocks(readFileSync(path.join(root, 'README.md'), 'utf8'));
const work = mkdtempSync(path.join(tmpdir(), 'taicho-readme-'));
let server: ChildProcess;
let serverLog = '';
let env: NodeJS.ProcessEnv;

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** True while any process of the group npm start made is alive (npm, node, workers). */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  // A reader's checkout, as far as the commands see it: the project files they name, nothing else
  // but scripts/, whose build npx runs (`prepare`) before it first runs the project's own bin.
  const checkout = path.join(work, 'checkout');
  mkdirSync(checkout);
  for (const f of ['package.json', 'node_modules', 'bin', 'bench', 'samples', 'scripts']) symlinkSync(path.join(root, f), path.join(checkout, f));
  const port = await freePort();
  env = {
    ...process.env,
    PORT: String(port),
    TAICHO_DATA_DIR: path.join(work, 'data'),
    TAICHO_PKI_DIR: path.join(work, 'pki'),
    TAICHO_TRUST_DIR: path.join(work, 'trust'),
    TAICHO_DEMO_PASSWORD: 'readme-demo-password',
    TAICHO_LOG_LEVEL: 'warn',
    TAICHO_OCR_WORKERS: '0', // documents stay queued: the test is about the commands, and the CPU is shared
  };
  delete env.TAICHO_DEMO_PIN; // the PIN comes from the data folder, as README says
  // `pki init` before the first start, as README allows: ECDSA keys instead of the default RSA-3072
  // cut the start by ~15 s on a shared CPU (RSA is covered by the PKI's own tests).
  const init = await main(['pki', 'init', '--key-algorithm', 'ECDSA-P256'], { stdout: () => {}, stderr: (s) => void (serverLog += s), env, cwd: checkout });
  expect(init, serverLog).toBe(0);
  server = spawn('npm', ['start'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout!.on('data', (d: Buffer) => (serverLog += d.toString()));
  server.stderr!.on('data', (d: Buffer) => (serverLog += d.toString()));
  const exited = new Promise<never>((_, reject) => server.once('exit', (c) => reject(new Error(`npm start exited (${c}):\n${serverLog}`))));
  const up = (async () => {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  await Promise.race([up, exited]);
}, 120_000);

afterAll(() => {
  if (server?.pid && groupAlive(server.pid)) process.kill(-server.pid, 'SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

describe('README', () => {
  it('marks every block it keeps from the test, with a reason', () => {
    const runnable = blocks.filter((b) => !b.skip);
    expect(runnable.length).toBeGreaterThanOrEqual(5);
    // Installing, starting the server and the whole suite are the test's own business, and say so.
    for (const cmd of [/^npm ci\b/m, /^npm start\b/m, /^npm test\b/m]) {
      for (const b of blocks.filter((x) => cmd.test(x.code))) expect(b.skip, `README line ${b.line}: mark it readme-test: skip (reason)`).toBeTruthy();
    }
  });

  it('its sh blocks work, in order, against the server', () => {
    const script = ['set -eo pipefail', ...blocks.filter((b) => !b.skip).map((b) => `echo "::readme-block line ${b.line} $EPOCHREALTIME" >&2\n${b.code}`)].join('\n');
    const r = spawnSync('bash', ['-c', script], { cwd: path.join(work, 'checkout'), env, encoding: 'utf8', timeout: 240_000 });
    const failedAt = [...(r.stderr ?? '').matchAll(/::readme-block (line \d+)/g)].pop()?.[1];
    expect(r.status, `README block at ${failedAt} failed:\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}\n--- server\n${serverLog}`).toBe(0);
    const out = r.stdout.split('\n');
    expect(out).toContain('Đã tiếp nhận, đang chờ thẩm định');
    for (const status of ['appraised', 'approved', 'sealed', 'returned']) expect(out).toContain(status);
    expect(r.stdout).toMatch(/result\.pdf: .*\(valid\)/);
    expect(out).toContain('true'); // resultReady after the return
    expect(r.stdout).toContain('Usage: npm run bench');
  }, 250_000); // ~50 s on a quiet 2-core machine; room for a loaded one

  it('SIGTERM to npm start stops the whole chain (npm, node), as "Stopping" says', async () => {
    server.kill('SIGTERM');
    for (let i = 0; i < 100 && groupAlive(server.pid!); i++) await new Promise((r) => setTimeout(r, 100));
    expect(groupAlive(server.pid!), serverLog).toBe(false);
  }, 20_000);
});
