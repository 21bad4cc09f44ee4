import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

/** Issue 14: `npm run bench` answers --help, says what is missing, and stops its children. */
const root = path.resolve(import.meta.dirname, '..');
const npm = (args: string[]) => spawnSync('npm', ['run', '--silent', 'bench', '--', ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });

it('--help prints the usage and runs nothing; an unknown name is refused', () => {
  const help = npm(['--help']);
  expect(help.status).toBe(0);
  expect(help.stdout).toMatch(/^Usage: npm run bench/);
  expect(help.stdout).not.toMatch(/^== /m);
  const bad = npm(['speed']);
  expect(bad.status).toBe(1);
  expect(bad.stderr).toMatch(/unknown 'speed'/);
}, 60_000);

it('the OCR bench without sample pages says which folder, in one line', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/ocr.ts', path.join(root, 'no-such-samples')], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  expect(r.status).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain(path.join(root, 'no-such-samples', 'manifest.tsv'));
}, 60_000);

it('SIGTERM to npm run bench stops the running bench too', async () => {
  const p = spawn('npm', ['run', '--silent', 'bench', '--', 'sign'], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  await new Promise<void>((resolve) => p.stdout!.on('data', (d: Buffer) => ((out += d.toString()), out.includes('== sign') && resolve())));
  await new Promise((r) => setTimeout(r, 1500)); // the bench child is running by now
  p.kill('SIGTERM');
  const alive = () => {
    try {
      process.kill(-p.pid!, 0); // anyone left in the process group?
      return true;
    } catch {
      return false;
    }
  };
  for (let i = 0; i < 50 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
  const left = alive();
  if (left) process.kill(-p.pid!, 'SIGKILL');
  expect(left).toBe(false);
}, 60_000);
