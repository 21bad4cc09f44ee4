import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTool, runTool } from '../../test/support/tools';
import { digest, loadSignerFromP12, requestTimestamp, signSha256, type DevPki } from './index';
import { pemOf } from './certificates';
import { createTestPki, TEST_PIN, scratchDir, removeScratch } from './testing';

const hasOpenssl = haveTool('openssl');

/**
 * The default hierarchy (RSA-3072), generated once for this file: the key type real
 * Vietnamese CA certificates use, end to end through openssl. The other files use ECDSA
 * P-256 for speed; this one proves that the default works the same way.
 */
describe.skipIf(!hasOpenssl)('RSA-3072 hierarchy, end to end through openssl', () => {
  let pki: DevPki;
  let dir: string;
  const file = (n: string) => path.join(dir, n);

  beforeAll(async () => {
    pki = await createTestPki({ keyAlgorithm: 'RSA-3072' });
    dir = scratchDir('rsa');
    writeFileSync(file('root.pem'), pemOf(pki.trustAnchors()));
    writeFileSync(file('issuing.pem'), pemOf([pki.certificate('issuing-ca')]));
  }, 120_000);

  it('issues RSA 3072 / SHA-256 certificates that chain to the root', () => {
    const leader = path.join(pki.dir, pki.credential('leader', 'chutich').certPath);
    expect(runTool('openssl', ['verify', '-CAfile', file('root.pem'), '-untrusted', file('issuing.pem'), leader]).status).toBe(0);
    const text = runTool('openssl', ['x509', '-in', leader, '-noout', '-text']).stdout;
    expect(text).toContain('Public-Key: (3072 bit)');
    expect(text).toContain('Signature Algorithm: sha256WithRSAEncryption');
  });

  it('signs with the unlocked leader key (openssl verifies) and time-stamps (openssl ts verifies)', async () => {
    const s = await loadSignerFromP12(new Uint8Array(readFileSync(pki.credentialPath('leader', 'chutich'))), TEST_PIN, { crl: pki.crl('issuing') });
    const data = new TextEncoder().encode('Bản sao điện tử chứng thực từ bản chính');
    writeFileSync(file('data'), data);
    writeFileSync(file('sig'), signSha256(s.privateKey, data));
    writeFileSync(file('leader.pem'), pemOf([s.certificate]));
    runTool('sh', ['-c', `openssl x509 -in ${file('leader.pem')} -pubkey -noout > ${file('pub.pem')}`]);
    expect(runTool('openssl', ['dgst', '-sha256', '-verify', file('pub.pem'), '-signature', file('sig'), file('data')]).stdout).toContain('Verified OK');

    writeFileSync(file('token.der'), await requestTimestamp(pki.tsa, digest('SHA-256', data)));
    const v = runTool('openssl', ['ts', '-verify', '-data', file('data'), '-in', file('token.der'), '-token_in', '-CAfile', file('root.pem'), '-untrusted', file('issuing.pem')]);
    expect(v.stdout, v.stderr).toContain('Verification: OK');
  });

  it('answers OCSP with an RSA-signed response openssl accepts', async () => {
    writeFileSync(file('revoked.pem'), pemOf([pki.certificate('leader:revoked-leader')]));
    runTool('openssl', ['ocsp', '-no_nonce', '-issuer', file('issuing.pem'), '-cert', file('revoked.pem'), '-reqout', file('req.der')]);
    writeFileSync(file('resp.der'), await pki.ocsp.respond(new Uint8Array(readFileSync(file('req.der')))));
    const r = runTool('openssl', ['ocsp', '-no_nonce', '-respin', file('resp.der'), '-issuer', file('issuing.pem'), '-cert', file('revoked.pem'), '-CAfile', file('root.pem'), '-verify_other', file('issuing.pem')]);
    expect(r.stdout + r.stderr).toContain('Response verify OK');
    expect(r.stdout).toContain('revoked.pem: revoked');
  });
});

afterAll(removeScratch);
