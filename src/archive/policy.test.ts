import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { needTools } from '../../test/support/tools';
import { keySunset, timestampSunset } from '../verify/crypto/algorithm-policy';
import { certFromDer } from '../verify/crypto/certificate';
import type { ParsedCms } from '../verify/crypto/cms';
import { decide } from './renewal';

/** When a time-stamp's algorithms stop counting, and renewal acting on it before then. */
const dir = mkdtempSync(path.join(tmpdir(), 'taicho-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cert(keyArgs: string[]) {
  const out = path.join(dir, `${keyArgs.join('-').replace(/[^a-z0-9]/gi, '')}.der`);
  execFileSync('openssl', ['req', '-x509', ...keyArgs, '-nodes', '-subj', '/CN=TSA', '-days', '1', '-keyout', path.join(dir, 'k.pem'), '-outform', 'DER', '-out', out], { stdio: 'ignore' });
  return certFromDer(new Uint8Array(readFileSync(out)));
}

needTools('openssl').describe('algorithm policy (NIST SP 800-57 / 800-131A horizons)', () => {
  it('RSA-2048 ends after 2030, RSA-1024 ended in 2013, RSA-3072 and P-256 have no end foreseen', () => {
    expect(keySunset(cert(['-newkey', 'rsa:2048']))?.date.toISOString()).toBe('2031-01-01T00:00:00.000Z');
    expect(keySunset(cert(['-newkey', 'rsa:1024']))?.date.toISOString()).toBe('2014-01-01T00:00:00.000Z');
    expect(keySunset(cert(['-newkey', 'rsa:3072']))).toBeNull();
    expect(keySunset(cert(['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']))).toBeNull();
  });

  it('a token is as strong as its weakest digest or key', () => {
    const p256 = cert(['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']);
    const cms = (digestOid: string) => ({ sig: { sigOid: '1.2.840.10045.4.3.2', digestOid }, signer: p256 }) as unknown as ParsedCms;
    const SHA256 = '2.16.840.1.101.3.4.2.1';
    const SHA1 = '1.3.14.3.2.26';
    expect(timestampSunset(cms(SHA256), SHA256)).toBeNull();
    expect(timestampSunset(cms(SHA256), SHA1)?.why).toMatch(/SHA-1/);
  });
});

describe('renewal decision', () => {
  const state = { fieldName: 'ArchiveTimestamp1', time: new Date('2026-11-29T00:00:00Z'), tsa: 'TSA', expiresAt: new Date('2036-11-29T00:00:00Z'), intact: true };
  const sunset = { date: new Date('2031-01-01T00:00:00Z'), why: 'RSA-2048 gives 112-bit security, acceptable only through 2030' };

  it('an algorithm weakening before the certificate ends makes it due within the margin, saying so', () => {
    expect(decide({ ...state, sunset }, { now: new Date('2030-03-01T00:00:00Z'), marginDays: 180 })).toMatchObject({ due: false });
    const d = decide({ ...state, sunset }, { now: new Date('2030-09-01T00:00:00Z'), marginDays: 180 });
    expect(d.due).toBe(true);
    expect(d.reason).toMatch(/its algorithms weaken \(RSA-2048 .*\) on 2031-01-01/);
    expect(d.last?.validUntil).toBe('2031-01-01T00:00:00.000Z');
  });

  it('without a weak algorithm, the chain’s end decides; a broken token is not renewed over', () => {
    expect(decide({ ...state, sunset: null }, { now: new Date('2030-09-01T00:00:00Z'), marginDays: 180 })).toMatchObject({ due: false, reason: 'the last archive time-stamp holds until 2036-11-29T00:00:00.000Z' });
    expect(decide({ ...state, sunset: null }, { now: new Date('2036-09-01T00:00:00Z'), marginDays: 180 })).toMatchObject({ due: true });
    expect(decide({ ...state, sunset: null, intact: false }, { now: new Date('2036-09-01T00:00:00Z'), marginDays: 180 })).toMatchObject({ due: false, reason: expect.stringMatching(/not intact/) });
  });
});
