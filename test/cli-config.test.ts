import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main';
import type { CliIO } from '../src/cli/command';
import { simplePdf } from './support/fixtures';

/** Issue 14: the CLI reads the same configuration as the server (TAICHO_PKI_DIR, TAICHO_TRUST_DIR). */
const root = path.resolve(import.meta.dirname, '..');
const work = mkdtempSync(path.join(tmpdir(), 'taicho-cli-config-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const PIN = 'cli-pin-1234';
const env = { TAICHO_DATA_DIR: path.join(work, 'data'), TAICHO_PKI_DIR: path.join(work, 'pki'), TAICHO_TRUST_DIR: path.join(work, 'anchors'), TAICHO_DEMO_PIN: PIN };

async function run(args: string[], extraEnv: Record<string, string> = {}, cwd = work) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { stdout: (s) => void out.push(s), stderr: (s) => void err.push(s), env: { ...env, ...extraEnv }, cwd };
  const code = await main(args, io);
  return { code, out: out.join(''), err: err.join('') };
}

beforeAll(async () => {
  const r = await run(['pki', 'init', '--key-algorithm', 'ECDSA-P256']);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  writeFileSync(path.join(work, 'in.pdf'), await simplePdf());
}, 60_000);

describe('pki init, list and import use TAICHO_PKI_DIR and TAICHO_TRUST_DIR', () => {
  it('init wrote the PKI and its trust anchor where the configuration says', () => {
    expect(existsSync(path.join(work, 'pki', 'manifest.json'))).toBe(true);
    expect(existsSync(path.join(work, 'anchors', 'taicho-dev-root.pem'))).toBe(true);
    expect(existsSync(path.join(work, 'certs'))).toBe(false);
  });

  it('init --dir X without --trust-dir puts the anchor in the configured trust folder, not X/../trust', async () => {
    const cwd = path.join(work, 'other-cwd');
    mkdirSync(cwd);
    const r = await run(['pki', 'init', '--dir', 'elsewhere/dev', '--key-algorithm', 'ECDSA-P256'], { TAICHO_PKI_DIR: '', TAICHO_TRUST_DIR: 'my-trust' }, cwd);
    expect(r.code, r.err).toBe(0);
    expect(existsSync(path.join(cwd, 'my-trust', 'taicho-dev-root.pem'))).toBe(true);
    expect(existsSync(path.join(cwd, 'elsewhere', 'trust'))).toBe(false);
  }, 60_000);

  it('list reads TAICHO_PKI_DIR and gives each label once', async () => {
    const r = await run(['pki', 'list']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('leader:leader');
    const labels = [...r.out.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1].split(', '));
    expect(labels.length).toBeGreaterThan(5);
    for (const l of labels) expect(new Set(l).size, l.join(', ')).toBe(l.length);
    expect(r.out).toMatch(/\[dev, test fixture, revoked\]/);
  });

  it('import writes into TAICHO_PKI_DIR', async () => {
    const p12 = path.join(work, 'pki', 'leaders', 'leader.p12');
    const r = await run(['pki', 'import', '--p12', p12, '--role', 'leader', '--user', 'leader2', '--pin', PIN]);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(path.join(work, 'pki', 'manifest.json'), 'utf8')).toContain('"username": "leader2"');
  });
});

describe('sign and verify', () => {
  it('a wrong PIN exits 3, as --help says', async () => {
    const r = await run(['sign', 'in.pdf', '-o', 'bad.pdf', '--p12', 'pki/seal.p12', '--pin', 'sai-pin-0000']);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/wrong PIN/);
    expect((await run(['sign', '--help'])).out).toMatch(/3 wrong PIN/);
  });

  it('verify trusts TAICHO_TRUST_DIR and names the folder it used; an empty trust folder is not "valid"', async () => {
    expect((await run(['sign', 'in.pdf', '-o', 'signed.pdf', '--p12', 'pki/seal.p12', '--pin', PIN])).code).toBe(0);
    const trusted = await run(['verify', 'signed.pdf']);
    expect(trusted.out).toContain(`trust anchors: ${path.join(work, 'anchors')}`);
    expect(trusted.code, trusted.out).toBe(0);
    mkdirSync(path.join(work, 'empty-trust'));
    const untrusted = await run(['verify', 'signed.pdf', '--json'], { TAICHO_TRUST_DIR: path.join(work, 'empty-trust') });
    expect(untrusted.code).toBe(1);
    expect(JSON.parse(untrusted.out).trustDir).toBe(path.join(work, 'empty-trust'));
  }, 60_000);
});

describe('taicho in a pipe', () => {
  it('a reader that leaves early (| head) gets no EPIPE stack trace', () => {
    const r = spawnSync('sh', ['-c', `node ${path.join(root, 'bin/taicho.mjs')} pki list | true`], { cwd: work, env: { ...process.env, ...env }, encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/EPIPE|Error/);
    expect(r.status).toBe(0);
  }, 60_000);
});
