import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../cli/command';
import { EXPIRED_LEADER, REVOKED_LEADER, removeScratch } from '../pki';
import { ForbiddenError, InvalidInputError, UnprocessableError } from '../shared/errors';
import { haveTool, runTool } from '../../test/support/tools';
import { signCommand } from './cli';
import { defaultSealImage } from './images';
import { AGENCY, resultPdf, SEAL_RECT, signingFixture, TEST_PIN, writeIn, type SigningFixture } from './testing';

/** `taicho sign`: the server's signer from the command line, PIN from flag or environment. */

const hasPdfsig = haveTool('pdfsig');
let f: SigningFixture;
let input: string;
let sealPng: string;

const io = (env: Record<string, string | undefined> = {}): CliIO & { out: string[] } => {
  const out: string[] = [];
  return { out, stdout: (s) => out.push(s), stderr: (s) => out.push(s), env, cwd: f.dir };
};

beforeAll(async () => {
  f = await signingFixture();
  input = writeIn(f.dir, 'in.pdf', await resultPdf());
  sealPng = writeIn(f.dir, 'seal.png', await defaultSealImage(AGENCY));
});
afterAll(() => removeScratch());

describe('taicho sign', () => {
  it.skipIf(!hasPdfsig)('signs the leader field (PIN from TAICHO_PIN), then the seal on top (--pin, --image): both valid', async () => {
    const leader = ['in.pdf', '-o', 'leader.pdf', '--p12', f.p12('leader', 'chutich'), '--field', 'leader', '--reason', 'Phê duyệt', '--docmdp'];
    expect(await signCommand.run(leader, io({ TAICHO_PIN: TEST_PIN }))).toBe(0);
    const seal = ['leader.pdf', '-o', 'sealed.pdf', '--p12', f.p12('seal'), '--pin', TEST_PIN, '--field', 'seal', '--image', 'seal.png', '--tsa', 'http://127.0.0.1:9/tsa'];
    // An unreachable TSA is a clear UnavailableError, not a half-written file.
    await expect(signCommand.run(seal, io())).rejects.toMatchObject({ code: 'tsa_unavailable' });
    expect(await signCommand.run(seal.slice(0, -2), io())).toBe(0);
    const out = runTool('pdfsig', [path.join(f.dir, 'sealed.pdf')]).stdout;
    expect(out.match(/Signature is Valid/g)).toHaveLength(2);
    expect(out).toContain('Not total document signed');
  });

  it.skipIf(!hasPdfsig)('creates a new visible field with --page/--rect on an already-signed PDF', async () => {
    const once = ['in.pdf', '-o', 'once.pdf', '--p12', f.p12('leader', 'chutich'), '--pin', TEST_PIN];
    expect(await signCommand.run(once, io())).toBe(0);
    const rect = `${SEAL_RECT.x},${SEAL_RECT.y + 300},${SEAL_RECT.width},${SEAL_RECT.height}`;
    const twice = ['once.pdf', '-o', 'twice.pdf', '--p12', f.p12('seal'), '--pin', TEST_PIN, '--image', sealPng, '--page', '1', '--rect', rect];
    expect(await signCommand.run(twice, io())).toBe(0);
    expect(runTool('pdfsig', [path.join(f.dir, 'twice.pdf')]).stdout.match(/Signature is Valid/g)).toHaveLength(2);
    expect(readFileSync(path.join(f.dir, 'twice.pdf')).length).toBeGreaterThan(readFileSync(path.join(f.dir, 'once.pdf')).length);
  });

  it('refuses a wrong PIN, a revoked or expired certificate, and bad arguments', async () => {
    const base = (p12: string, pin: string) => ['in.pdf', '-o', 'x.pdf', '--p12', p12, '--pin', pin];
    await expect(signCommand.run(base(f.p12('leader', 'chutich'), '000000'), io())).rejects.toThrow(ForbiddenError); // wrong PIN: 403 / exit 3
    const revoked = [...base(f.p12('leader', REVOKED_LEADER), TEST_PIN), '--crl', path.join(f.pki.dir, f.pki.manifest.crls.issuing.path)];
    await expect(signCommand.run(revoked, io())).rejects.toMatchObject({ code: 'certificate_revoked' });
    await expect(signCommand.run(base(f.p12('leader', EXPIRED_LEADER), TEST_PIN), io())).rejects.toThrow(UnprocessableError);
    await expect(signCommand.run(['in.pdf', '--p12', 'k.p12'], io())).rejects.toThrow(InvalidInputError);
    await expect(signCommand.run([...base(f.p12('seal'), TEST_PIN), '--image', 'seal.png', '--rect', '1,2,x,4'], io())).rejects.toMatchObject({ code: 'invalid_rect' });
  });
});
