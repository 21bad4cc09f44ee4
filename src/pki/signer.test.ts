import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needTools, runTool } from '../../test/support/tools';
import { UnprocessableError } from '../shared/errors';
import { checkRevocation, CertificateUnusableError, loadSignerFromP12, PinLockedError, PinThrottle, signSha256, WrongPinError, type DevPki } from './index';
import { pemOf } from './certificates';
import { createTestPki, TEST_PIN, scratchDir, removeScratch } from './testing';

describe('loadSignerFromP12 and revocation', () => {
  let pki: DevPki;
  const p12 = (user: string) => new Uint8Array(readFileSync(pki.credentialPath('leader', user)));

  beforeAll(async () => {
    pki = await createTestPki();
  });

  it('opens a leader key with the PIN: the key signs, the certificate and chain come back in order', async () => {
    const s = await loadSignerFromP12(p12('chutich'), TEST_PIN, { crl: pki.crl('issuing') });
    expect(s.subject).toContain('CN=Nguyễn Văn Hùng');
    expect(s.chain.map((c) => Buffer.from(c).toString('hex'))).toEqual([pki.certificate('issuing-ca'), pki.certificate('root-ca')].map((c) => Buffer.from(c).toString('hex')));
    expect(s.revocation?.status).toBe('good');
    expect(s.privateKey.extractable).toBe(false);
    expect(s.fingerprintSha256).toBe(pki.credential('leader', 'chutich').fingerprintSha256);
  });

  needTools('openssl').it('openssl verifies a signature made with the unlocked key, and refuses it over other data', async () => {
    const s = await loadSignerFromP12(p12('chutich'), TEST_PIN);
    const dir = scratchDir('signer');
    const data = new TextEncoder().encode('Quyết định cấp giấy phép xây dựng số 12/QĐ-UBND');
    writeFileSync(path.join(dir, 'data'), data);
    writeFileSync(path.join(dir, 'sig'), signSha256(s.privateKey, data));
    writeFileSync(path.join(dir, 'cert.pem'), pemOf([s.certificate]));
    runTool('sh', ['-c', `openssl x509 -in ${dir}/cert.pem -pubkey -noout > ${dir}/pub.pem`]);
    const v = runTool('openssl', ['dgst', '-sha256', '-verify', `${dir}/pub.pem`, '-signature', `${dir}/sig`, `${dir}/data`]);
    expect(v.stdout).toContain('Verified OK');
    writeFileSync(path.join(dir, 'data'), new TextEncoder().encode('Quyết định cấp giấy phép xây dựng số 13/QĐ-UBND'));
    expect(runTool('openssl', ['dgst', '-sha256', '-verify', `${dir}/pub.pem`, '-signature', `${dir}/sig`, `${dir}/data`]).status).not.toBe(0);
  });

  it('refuses a wrong PIN clearly', async () => {
    await expect(loadSignerFromP12(p12('chutich'), '999999')).rejects.toBeInstanceOf(WrongPinError);
  });

  it('refuses the expired certificate (even with the right PIN)', async () => {
    const err = await loadSignerFromP12(p12('expired-leader'), TEST_PIN).catch((e) => e);
    expect(err).toBeInstanceOf(CertificateUnusableError);
    expect(err.code).toBe('certificate_expired');
  });

  it('refuses the revoked certificate when given the CRL', async () => {
    const err = await loadSignerFromP12(p12('revoked-leader'), TEST_PIN, { crl: pki.crl('issuing') }).catch((e) => e);
    expect(err).toBeInstanceOf(CertificateUnusableError);
    expect(err.code).toBe('certificate_revoked');
    const revokedCert = pki.certificate('leader:revoked-leader');
    await expect(checkRevocation(revokedCert, { crl: pki.crl('issuing') })).rejects.toMatchObject({ code: 'certificate_revoked' });
    // before the revocation time the same certificate was still good
    await expect(checkRevocation(revokedCert, { crl: pki.crl('issuing'), at: new Date(Date.now() - 60_000) })).resolves.toMatchObject({ status: 'good' });
  });

  it('will not call a certificate good from the wrong CRL, a forged CRL or a stale one', async () => {
    const leader = pki.certificate('leader:chutich');
    await expect(checkRevocation(leader, { crl: pki.crl('root') })).rejects.toMatchObject({ code: 'revocation_unknown' });
    await expect(checkRevocation(leader, { crl: pki.crl('issuing'), issuerCert: pki.certificate('root-ca') })).rejects.toBeInstanceOf(UnprocessableError);
    await expect(checkRevocation(leader, { crl: pki.crl('issuing'), at: new Date(Date.now() + 40 * 86_400_000) })).rejects.toMatchObject({ code: 'crl_stale' });
  });
});

describe('PinThrottle', () => {
  it('locks after five wrong PINs, with increasing delays, and a right PIN resets it', async () => {
    let now = 1_000_000;
    const throttle = new PinThrottle({ clock: () => now, baseLockMs: 30_000 });
    const key = 'chutich:abcd';
    const wrong = () => throttle.attempt(key, async () => { throw new WrongPinError(); });
    const right = () => throttle.attempt(key, async () => 'ký');
    for (let i = 0; i < 4; i++) await expect(wrong()).rejects.toBeInstanceOf(WrongPinError);
    expect(throttle.failures(key)).toBe(4);
    await expect(wrong()).rejects.toBeInstanceOf(WrongPinError); // the fifth still gets tried, then locks
    const locked = await right().catch((e) => e);
    expect(locked).toBeInstanceOf(PinLockedError); // even the right PIN is not tried while locked
    expect(locked.retryAt.getTime()).toBe(now + 30_000);
    expect(locked.httpStatus).toBe(429);
    now += 30_001;
    await expect(wrong()).rejects.toBeInstanceOf(WrongPinError);
    expect((await right().catch((e) => e)).retryAt.getTime()).toBe(now + 60_000); // doubled
    now += 60_001;
    await expect(right()).resolves.toBe('ký');
    expect(throttle.failures(key)).toBe(0);
    await expect(wrong()).rejects.toBeInstanceOf(WrongPinError);
    await expect(right()).resolves.toBe('ký'); // one miss after a reset does not lock
    expect(throttle.failures('someone-else')).toBe(0);
  });

  it('counts wrong PINs through loadSignerFromP12 and leaves other errors alone', async () => {
    const pki = await createTestPki();
    const throttle = new PinThrottle({ maxFailures: 2 });
    const bytes = new Uint8Array(readFileSync(pki.credentialPath('leader', 'phochutich')));
    const opts = { throttle: { throttle, key: 'phochutich' } };
    await expect(loadSignerFromP12(bytes, '000000', opts)).rejects.toBeInstanceOf(WrongPinError);
    await expect(loadSignerFromP12(bytes, '000001', opts)).rejects.toBeInstanceOf(WrongPinError);
    await expect(loadSignerFromP12(bytes, TEST_PIN, opts)).rejects.toBeInstanceOf(PinLockedError);
    const expired = new Uint8Array(readFileSync(pki.credentialPath('leader', 'expired-leader')));
    await expect(loadSignerFromP12(expired, TEST_PIN, { throttle: { throttle, key: 'expired' } })).rejects.toBeInstanceOf(CertificateUnusableError);
    expect(throttle.failures('expired')).toBe(0);
  });
});

afterAll(removeScratch);
