import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needTools, runTool } from '../../test/support/tools';
import { ConflictError } from '../shared/errors';
import { ensureDevPki, initDevPki, loadPki, queryOcsp, refreshCrls, parseTimeStampToken, requestTimestamp, sha256Hex, type DevPki } from './index';
import { WrongPinError } from './errors';
import { pemToDer } from './dev-services';
import { createTestPki, removeScratch, TEST_AGENCY, TEST_LEADERS, TEST_PIN } from './testing';

const openssl = needTools('openssl');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

describe('development PKI (ECDSA P-256)', () => {
  let pki: DevPki;
  let root: string;
  let issuing: string;
  const cert = (id: string) => path.join(pki.dir, pki.manifest.entries.find((e) => e.id === id)!.certPath);

  beforeAll(async () => {
    pki = await createTestPki({ publicUrl: 'https://motcua.benthanh.test' });
    root = path.join(pki.trustDir, 'taicho-dev-root.pem');
    issuing = path.join(pki.dir, 'ca/issuing.crt');
  });

  openssl.it('chains every valid certificate to the root in the trust folder (openssl verify)', () => {
    for (const id of ['leader:chutich', 'leader:phochutich', 'seal', 'tsa', 'ocsp']) {
      const r = runTool('openssl', ['verify', '-CAfile', root, '-untrusted', issuing, cert(id)]);
      expect(r.stdout, id).toContain(': OK');
      expect(r.status).toBe(0);
    }
  });

  openssl.it('makes an expired leader that openssl refuses as expired', () => {
    const r = runTool('openssl', ['verify', '-CAfile', root, '-untrusted', issuing, cert('leader:expired-leader')]);
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('certificate has expired');
  });

  openssl.it('lists the revoked leader on the issuing CRL, signed by the issuing CA (openssl crl)', () => {
    const crl = path.join(pki.dir, 'crl/issuing.crl');
    const text = runTool('openssl', ['crl', '-inform', 'DER', '-in', crl, '-text', '-noout', '-CAfile', issuing]);
    expect(text.stderr + text.stdout).toContain('verify OK');
    const revoked = pki.manifest.entries.find((e) => e.id === 'leader:revoked-leader')!;
    const listed = text.stdout.replace(/\s/g, '');
    expect(listed).toContain(`SerialNumber:${revoked.serialNumber.toUpperCase()}`);
    expect(text.stdout).toContain('Key Compromise');
    expect(text.stdout).toMatch(/CRL Number:\s*1/);
    const good = pki.manifest.entries.find((e) => e.id === 'leader:chutich')!;
    expect(listed).not.toContain(good.serialNumber.toUpperCase());
    // openssl's own revocation check agrees
    const pem = runTool('openssl', ['crl', '-inform', 'DER', '-in', crl]).stdout;
    const crlPem = path.join(pki.dir, 'crl-test.pem');
    writeFileSync(crlPem, pem);
    const check = runTool('openssl', ['verify', '-crl_check', '-CRLfile', crlPem, '-CAfile', root, '-untrusted', issuing, cert('leader:revoked-leader')]);
    expect(check.stdout + check.stderr).toContain('certificate revoked');
  });

  openssl.it('writes names as UTF8String with diacritics and the signing key usages', () => {
    const asn = runTool('openssl', ['asn1parse', '-in', cert('leader:chutich')]).stdout;
    expect(asn).toMatch(/UTF8STRING\s+:Nguyễn Văn Hùng/);
    expect(asn).toMatch(/UTF8STRING\s+:Ủy ban nhân dân phường Bến Thành/);
    const text = runTool('openssl', ['x509', '-in', cert('leader:chutich'), '-noout', '-text']).stdout;
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation/);
    expect(text).toContain('URI:https://motcua.benthanh.test/pki/crl/issuing.crl');
    expect(text).toContain('OCSP - URI:https://motcua.benthanh.test/pki/ocsp');
    const seal = runTool('openssl', ['x509', '-in', cert('seal'), '-noout', '-subject', '-nameopt', 'utf8,sep_comma_plus_space']).stdout;
    expect(seal).toContain(`O=${TEST_AGENCY.name}, CN=${TEST_AGENCY.name}`);
    const tsa = runTool('openssl', ['x509', '-in', cert('tsa'), '-noout', '-ext', 'extendedKeyUsage']).stdout;
    expect(tsa).toMatch(/Extended Key Usage: critical\s+Time Stamping/);
    const ocsp = runTool('openssl', ['x509', '-in', cert('ocsp'), '-noout', '-text']).stdout;
    expect(ocsp).toContain('OCSP Signing');
    expect(ocsp).toContain('OCSP No Check');
  });

  openssl.it('keeps every private key in a PKCS#12 that only the PIN opens, and no PEM key anywhere', () => {
    const files = [...walk(pki.dir), ...walk(pki.trustDir)];
    for (const f of files) expect(readFileSync(f, 'latin1'), f).not.toContain('PRIVATE KEY');
    const p12s = files.filter((f) => f.endsWith('.p12'));
    expect(p12s.length).toBe(pki.manifest.entries.length); // CAs included
    for (const f of p12s) {
      expect(statSync(f).mode & 0o777, f).toBe(0o600);
      expect(runTool('openssl', ['pkcs12', '-info', '-noout', '-in', f, '-passin', `pass:${TEST_PIN}`]).status, f).toBe(0);
      expect(runTool('openssl', ['pkcs12', '-info', '-noout', '-in', f, '-passin', 'pass:13579']).status, f).not.toBe(0);
    }
    const info = runTool('openssl', ['pkcs12', '-info', '-noout', '-in', p12s[0], '-passin', `pass:${TEST_PIN}`]);
    expect(info.stderr + info.stdout).toContain('PBES2, PBKDF2, AES-256-CBC');
    expect(info.stderr + info.stdout).toContain('MAC: sha256');
  });

  it('describes everything in manifest.json with fingerprints, roles and usernames', () => {
    const m = pki.manifest;
    expect(m.entries.map((e) => e.id)).toEqual(['root-ca', 'issuing-ca', 'leader:chutich', 'leader:phochutich', 'leader:revoked-leader', 'leader:expired-leader', 'seal', 'tsa', 'ocsp']);
    for (const e of m.entries) {
      const der = pemToDer(readFileSync(path.join(pki.dir, e.certPath), 'utf8'))[0];
      expect(e.fingerprintSha256).toBe(sha256Hex(der));
    }
    expect(m.entries.find((e) => e.username === 'phochutich')).toMatchObject({ role: 'leader', fullName: 'Trần Thị Ánh Tuyết' });
    expect(m.entries.find((e) => e.id === 'leader:revoked-leader')).toMatchObject({ fixture: 'revoked', revoked: { reason: 1 } });
    expect(JSON.stringify(m)).not.toContain(TEST_PIN);
    expect(pki.trustAnchors()).toHaveLength(1);
    expect(sha256Hex(pki.trustAnchors()[0])).toBe(m.entries[0].fingerprintSha256);
  });

  it('refuses to overwrite an existing PKI without force', async () => {
    await expect(initDevPki({ dir: pki.dir, pin: TEST_PIN, agency: TEST_AGENCY, leaders: TEST_LEADERS, keyAlgorithm: 'ECDSA-P256' })).rejects.toBeInstanceOf(ConflictError);
  });

  it('ensureDevPki loads an existing PKI unchanged, and issues a certificate for a new leader', async () => {
    const before = readFileSync(path.join(pki.dir, 'manifest.json'), 'utf8');
    const again = await ensureDevPki({ dir: pki.dir, pin: TEST_PIN, agency: TEST_AGENCY, leaders: TEST_LEADERS });
    expect(readFileSync(path.join(pki.dir, 'manifest.json'), 'utf8')).toBe(before);
    expect(again.manifest.entries.map((e) => e.fingerprintSha256)).toEqual(pki.manifest.entries.map((e) => e.fingerprintSha256));
    const more = await ensureDevPki({ dir: pki.dir, pin: TEST_PIN, agency: TEST_AGENCY, leaders: [...TEST_LEADERS, { username: 'giamdoc', fullName: 'Lê Thị Hồng Nhung' }] });
    const added = more.credential('leader', 'giamdoc');
    expect(added.subject).toContain('CN=Lê Thị Hồng Nhung');
    expect(more.manifest.entries).toHaveLength(pki.manifest.entries.length + 1);
  });

  it('ensureDevPki checks the PIN at once, and reads the TSA and OCSP keys at their first request', async () => {
    await expect(ensureDevPki({ dir: pki.dir, pin: '999999', agency: TEST_AGENCY, leaders: TEST_LEADERS })).rejects.toBeInstanceOf(WrongPinError);
    const ocspP12 = pki.credentialPath('ocsp');
    renameSync(ocspP12, `${ocspP12}.away`);
    let opened: DevPki;
    try {
      opened = await ensureDevPki({ dir: pki.dir, pin: TEST_PIN, agency: TEST_AGENCY, leaders: TEST_LEADERS }); // the OCSP key is not read at start
      expect(opened.tsa.certificate).toEqual(pki.certificate(pki.credential('tsa').id));
      await expect(opened.ocsp.respond(new Uint8Array([0x30, 0]))).rejects.toThrow(/ENOENT/);
    } finally {
      renameSync(`${ocspP12}.away`, ocspP12);
    }
    const leader = pki.certificate(pki.credential('leader', TEST_LEADERS[0].username).id);
    expect((await queryOcsp(opened.ocsp, leader, pki.certificate('issuing-ca'))).status).toBe('good'); // read again once back
    expect(parseTimeStampToken(await requestTimestamp(opened.tsa, new Uint8Array(32))).policy).toBe(opened.tsa.policy);
  });

  openssl.it('openssl verify chains the newly issued leader certificate to the root', () => {
    const added = loadPki(pki.dir).credential('leader', 'giamdoc');
    expect(runTool('openssl', ['verify', '-CAfile', root, '-untrusted', issuing, path.join(pki.dir, added.certPath)]).status).toBe(0);
  });

  it('refuses usernames that cannot be file names, and a PIN of the wrong shape', async () => {
    const base = { dir: pki.dir, pin: TEST_PIN, agency: TEST_AGENCY };
    await expect(ensureDevPki({ ...base, leaders: [{ username: '../../etc/x', fullName: 'Kẻ Gian' }] })).rejects.toMatchObject({ code: 'invalid_username' });
    await expect(ensureDevPki({ ...base, leaders: [{ username: 'revoked-leader', fullName: 'Trùng Tên' }] })).rejects.toMatchObject({ code: 'invalid_username' });
    await expect(ensureDevPki({ ...base, pin: '12', leaders: TEST_LEADERS })).rejects.toMatchObject({ code: 'invalid_pin_format' });
    await expect(ensureDevPki({ ...base, pin: '000000', leaders: TEST_LEADERS })).rejects.toMatchObject({ code: 'wrong_pin' });
  });

  it('re-issues CRLs with the next number when they near their nextUpdate', async () => {
    const later = new Date(Date.now() + 25 * 86_400_000);
    expect(await refreshCrls(pki.dir, TEST_PIN, new Date())).toBe(false);
    expect(await refreshCrls(pki.dir, TEST_PIN, later)).toBe(true);
    const m = loadPki(pki.dir).manifest;
    expect(m.crls.issuing.number).toBe(2);
    expect(m.crls.root.number).toBe(2);
  });

  openssl.it('openssl reads the re-issued CRL: number 2, the revoked serial still listed', () => {
    const m = loadPki(pki.dir).manifest;
    const text = runTool('openssl', ['crl', '-inform', 'DER', '-in', path.join(pki.dir, 'crl/issuing.crl'), '-noout', '-text']).stdout;
    expect(text).toMatch(/CRL Number:\s*2/);
    expect(text.replace(/\s/g, '')).toContain(m.entries.find((e) => e.fixture === 'revoked')!.serialNumber.toUpperCase());
  });
});

afterAll(removeScratch);
