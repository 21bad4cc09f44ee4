import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { client, demoPin, ServerExited, startServer, taichoFor, type RunningServer } from './support/server';
import { needTools, runTool } from './support/tools';

/**
 * Issue 10: the PKI belongs to the data dir whose PIN opens it. Two instances on two data dirs
 * each sign with a PKI of their own; pointing one at the other's PKI refuses to start, saying why.
 */
const work = mkdtempSync(path.join(tmpdir(), 'taicho-pki-per-dir-'));
const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(work, { recursive: true, force: true });
});

const cli = (args: string[], dataDir: string) => taichoFor(dataDir, args, work);

describe('a PKI per data dir', () => {
  const dirA = path.join(work, 'a');
  const dirB = path.join(work, 'b');
  /** Each instance's sealed result, for the independent oracle below. */
  const signed: string[] = [];

  it('two instances started one after the other on two data dirs both sign', async () => {
    for (const dir of [dirA, dirB]) {
      const server = await startServer(dir);
      servers.push(server);
      const health = (await (await fetch(`${server.url}/health`)).json()) as { capabilities: { signing: boolean } };
      expect(health.capabilities.signing, server.log()).toBe(true);
      expect(existsSync(path.join(dir, 'pki', 'manifest.json'))).toBe(true);
      expect(readdirSync(path.join(dir, 'trust'))).toContain('taicho-dev-root.pem');

      const api = client(server.url);
      const code = await api.receive();
      await api.signThrough(code, demoPin(dir));
      const pdf = path.join(dir, 'result.pdf');
      await writeFile(pdf, await api.result(code));
      // The CLI reads the same defaults: this data dir's trust folder verifies this instance's result.
      const verified = await cli(['verify', pdf], dir);
      expect(verified.out).toContain(`trust anchors: ${path.join(dir, 'trust')}`);
      expect(verified.code, verified.out + verified.err).toBe(0);
      signed.push(pdf);
    }
    // Two different roots: neither instance reused the other's PKI.
    const listA = await cli(['pki', 'list'], dirA);
    const listB = await cli(['pki', 'list'], dirB);
    expect(listA.code, listA.err).toBe(0);
    expect(listA.out).not.toBe(listB.out);
  }, 300_000);

  needTools('pdfsig').it("pdfsig: each instance's result holds two valid signatures", () => {
    expect(signed).toHaveLength(2);
    for (const pdf of signed) {
      const sig = runTool('pdfsig', [pdf]);
      expect(sig.stdout.match(/Signature Validation: Signature is Valid/g)?.length, sig.stdout).toBe(2);
    }
  });

  it('a PKI the data dir PIN does not open: no start, and a message saying what to do', async () => {
    const dirC = path.join(work, 'c');
    const err = await startServer(dirC, { TAICHO_PKI_DIR: path.join(dirA, 'pki'), TAICHO_TRUST_DIR: path.join(dirA, 'trust') }).then(
      (s) => (servers.push(s), undefined),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ServerExited);
    const { code, log } = err as ServerExited;
    expect(code).toBe(1);
    expect(log).toContain(`taicho: the PKI in ${path.join(dirA, 'pki')} does not open with the PIN from ${path.join(dirC, 'demo-secrets.txt')}`);
    expect(log).toContain("start with TAICHO_DEMO_PIN set to the PIN that PKI was made with");
    expect(log).not.toMatch(/\n\s+at /); // one message, no stack trace
    expect(log).toContain(`unset TAICHO_PKI_DIR and TAICHO_TRUST_DIR, so that this data dir gets a PKI of its own in ${path.join(dirC, 'pki')}`);

    // With the PIN that PKI was made with, the same configuration starts and can sign.
    const ok = await startServer(dirC, { TAICHO_PKI_DIR: path.join(dirA, 'pki'), TAICHO_TRUST_DIR: path.join(dirA, 'trust'), TAICHO_DEMO_PIN: demoPin(dirA) });
    servers.push(ok);
    const health = (await (await fetch(`${ok.url}/health`)).json()) as { capabilities: { signing: boolean } };
    expect(health.capabilities.signing).toBe(true);
  }, 300_000);
});
