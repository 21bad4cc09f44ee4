import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTool, runTool } from '../../test/support/tools';
import { main } from '../cli/main';
import type { CliIO } from '../cli/command';
import { loadPki, loadSignerFromP12 } from './index';
import { removeScratch, scratchDir } from './testing';

const hasOpenssl = haveTool('openssl');

function io(cwd: string, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIO = { stdout: (s) => void out.push(s), stderr: (s) => void err.push(s), env: { TAICHO_DATA_DIR: path.join(cwd, 'data'), ...env }, cwd };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
}

describe('taicho pki', () => {
  let cwd: string;
  beforeAll(() => {
    cwd = scratchDir('pki-cli');
  });

  it('init without a PIN generates one, prints it once and keeps it in the 0600 demo secrets file', async () => {
    const first = io(cwd);
    const code = await main(['pki', 'init', '--key-algorithm', 'ECDSA-P256', '--leader', 'chutich:Nguyễn Văn Hùng', '--leader', 'pct:Trần Thị Ánh Tuyết'], first.io);
    expect(first.err()).toBe('');
    expect(code).toBe(0);
    const pin = /PKCS#12 PIN: (\S+)/.exec(first.out())![1];
    const secrets = path.join(cwd, 'data', 'demo-secrets.txt');
    expect(readFileSync(secrets, 'utf8')).toContain(`TAICHO_DEMO_PIN=${pin}`);
    expect(statSync(secrets).mode & 0o777).toBe(0o600);
    const pki = loadPki(path.join(cwd, 'data/pki'));
    expect(pki.trustDir).toBe(path.join(cwd, 'data/trust')); // the data dir's own PKI and anchors (issue 10)
    expect(pki.credential('leader', 'pct').subject).toContain('CN=Trần Thị Ánh Tuyết');
    await expect(loadSignerFromP12(new Uint8Array(readFileSync(pki.credentialPath('leader', 'chutich'))), pin)).resolves.toBeDefined();

    const again = io(cwd);
    expect(await main(['pki', 'init', '--key-algorithm', 'ECDSA-P256'], again.io)).toBe(1); // exists: ConflictError
    expect(again.err()).toContain('already exists');
    const forced = io(cwd);
    expect(await main(['pki', 'init', '--key-algorithm', 'ECDSA-P256', '--force'], forced.io)).toBe(0);
    expect(forced.out()).not.toContain(pin); // reused from the secrets file, not shown again
    const demo = loadPki(path.join(cwd, 'data/pki')).credential('leader', 'leader');
    expect(demo.fullName).toBe('Nguyễn Văn Hùng'); // default: the demo leader account
  });

  it.skipIf(!hasOpenssl)('import copies a real PKCS#12 after the PIN opens it, and it supersedes the dev one', async () => {
    const key = path.join(cwd, 'real.key');
    const crt = path.join(cwd, 'real.crt');
    const p12 = path.join(cwd, 'real.p12');
    expect(runTool('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', crt, '-days', '365', '-utf8', '-subj', '/C=VN/O=UBND phường Bến Thành/CN=Nguyễn Văn Hùng', '-addext', 'keyUsage=critical,digitalSignature,nonRepudiation']).status).toBe(0);
    expect(runTool('openssl', ['pkcs12', '-export', '-inkey', key, '-in', crt, '-out', p12, '-passout', 'pass:token-pin-1']).status).toBe(0);

    const wrong = io(cwd, { TAICHO_P12_PIN: 'token-pin-2' });
    expect(await main(['pki', 'import', '--p12', 'real.p12', '--role', 'leader', '--user', 'leader'], wrong.io)).toBe(3);
    expect(wrong.err()).toContain('wrong PIN');
    expect(wrong.err()).not.toContain('token-pin-2');

    const ok = io(cwd, { TAICHO_P12_PIN: 'token-pin-1' });
    expect(await main(['pki', 'import', '--p12', 'real.p12', '--role', 'leader', '--user', 'leader'], ok.io)).toBe(0);
    const pki = loadPki(path.join(cwd, 'data/pki'));
    const cred = pki.credential('leader', 'leader');
    expect(cred.origin).toBe('imported');
    expect(cred.subject).toBe('C=VN, O=UBND phường Bến Thành, CN=Nguyễn Văn Hùng');
    expect(Buffer.from(readFileSync(pki.credentialPath('leader', 'leader'))).equals(readFileSync(p12))).toBe(true);
    expect(statSync(pki.credentialPath('leader', 'leader')).mode & 0o777).toBe(0o600);
    expect(pki.manifest.entries.find((e) => e.id === 'leader:leader')!.supersededBy).toBe(cred.id);

    const listed = io(cwd);
    expect(await main(['pki', 'list'], listed.io)).toBe(0);
    expect(listed.out()).toContain(`imported:leader:leader:1`);
    expect(listed.out()).toContain('superseded by imported:leader:leader:1');
  });

  it('rejects bad arguments with exit code 1 and usage', async () => {
    const a = io(cwd);
    expect(await main(['pki', 'import', '--p12', 'x.p12', '--role', 'boss'], a.io)).toBe(1);
    expect(a.err()).toContain('--role is leader or seal');
    const b = io(cwd);
    expect(await main(['pki', 'frobnicate'], b.io)).toBe(1);
  });
});

afterAll(removeScratch);
