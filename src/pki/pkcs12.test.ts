import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTool, runTool } from '../../test/support/tools';
import { InvalidInputError } from '../shared/errors';
import * as x509 from './x509';
import { generateKeyPair, x509SigningAlgorithm } from './crypto';
import { MalformedPkiDataError, WrongPinError } from './errors';
import { checkPkcs12Pin, readPkcs12, writePkcs12 } from './pkcs12';
import { loadSignerFromP12 } from './signer';
import { removeScratch, scratchDir } from './testing';

const hasOpenssl = haveTool('openssl');
const PIN = '482916';

describe('PKCS#12', () => {
  let dir: string;
  let certDer: Uint8Array;
  let p12: Uint8Array;

  beforeAll(async () => {
    dir = scratchDir('p12');
    const keys = await generateKeyPair('ECDSA-P256');
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      name: new x509.Name([{ CN: [{ utf8String: 'Võ Thị Sáu' }] }]),
      keys,
      signingAlgorithm: x509SigningAlgorithm('ECDSA-P256'),
    });
    certDer = new Uint8Array(cert.rawData);
    p12 = await writePkcs12({ privateKey: keys.privateKey, certificate: certDer, pin: PIN, friendlyName: 'Võ Thị Sáu' });
    writeFileSync(path.join(dir, 'ours.p12'), p12);
  });

  it('round-trips: the same certificate bytes and the friendly name with diacritics', () => {
    const back = readPkcs12(p12, PIN);
    expect(Buffer.from(back.certificates[0]).equals(Buffer.from(certDer))).toBe(true);
    expect(back.friendlyName).toBe('Võ Thị Sáu');
    expect(back.privateKeyPkcs8.length).toBeGreaterThan(100);
  });

  it('refuses a wrong PIN with WrongPinError that does not repeat the PIN', () => {
    const wrong = () => readPkcs12(p12, '482917');
    expect(wrong).toThrow(WrongPinError);
    try {
      wrong();
    } catch (e) {
      expect((e as Error).message).not.toContain('482917');
      expect((e as WrongPinError).httpStatus).toBe(403);
    }
  });

  it('checkPkcs12Pin: the right PIN passes, a wrong one is WrongPinError (by the MAC, the key left sealed)', () => {
    expect(() => checkPkcs12Pin(p12, PIN)).not.toThrow();
    expect(() => checkPkcs12Pin(p12, '482917')).toThrow(WrongPinError);
    expect(() => checkPkcs12Pin(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x03]), PIN)).toThrow(MalformedPkiDataError);
  });

  it('refuses bytes that are not PKCS#12 and PINs of the wrong shape', () => {
    expect(() => readPkcs12(new TextEncoder().encode('không phải PKCS#12'), PIN)).toThrow(MalformedPkiDataError);
    expect(() => readPkcs12(p12, '12')).toThrow(InvalidInputError);
    expect(() => readPkcs12(p12, 'mã-pín-đẹp')).toThrow(InvalidInputError);
  });

  it.skipIf(!hasOpenssl)('is opened by openssl with the PIN only, AES-256 + PBKDF2 + HMAC-SHA256', () => {
    const file = path.join(dir, 'ours.p12');
    const ok = runTool('openssl', ['pkcs12', '-info', '-noout', '-in', file, '-passin', `pass:${PIN}`]);
    expect(ok.status).toBe(0);
    expect(ok.stderr + ok.stdout).toContain('Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC');
    expect(ok.stderr + ok.stdout).toContain('PRF hmacWithSHA256');
    expect(runTool('openssl', ['pkcs12', '-info', '-noout', '-in', file, '-passin', 'pass:000000']).status).not.toBe(0);
    const key = runTool('openssl', ['pkcs12', '-in', file, '-nocerts', '-nodes', '-passin', `pass:${PIN}`]);
    expect(key.stdout).toContain('BEGIN PRIVATE KEY'); // openssl can really decrypt the key
  });

  describe.skipIf(!hasOpenssl)('files made by openssl (as a real CA or Windows would export them)', () => {
    let keyPem: string;
    let certPem: string;
    beforeAll(() => {
      keyPem = path.join(dir, 'rsa.key');
      certPem = path.join(dir, 'rsa.crt');
      // The PEM key exists only in this temp folder to feed openssl; the module never writes one.
      expect(runTool('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPem, '-out', certPem, '-days', '30', '-subj', '/C=VN/CN=Lý Thường Kiệt', '-utf8']).status).toBe(0);
    });

    const variants: [string, string[]][] = [
      ['OpenSSL 3 defaults (encrypted certificates, PBES2)', []],
      ['legacy 3DES + SHA-1 MAC', ['-certpbe', 'PBE-SHA1-3DES', '-keypbe', 'PBE-SHA1-3DES', '-macalg', 'sha1']],
    ];
    for (const [name, extra] of variants) {
      it(`opens ${name} and matches the certificate to the key`, async () => {
        const out = path.join(dir, `openssl-${extra.length}.p12`);
        const made = runTool('openssl', ['pkcs12', '-export', '-inkey', keyPem, '-in', certPem, '-out', out, '-passout', `pass:${PIN}`, ...extra]);
        expect(made.status, made.stderr).toBe(0);
        const bytes = new Uint8Array(readFileSync(out));
        const signer = await loadSignerFromP12(bytes, PIN);
        expect(signer.subject).toBe('C=VN, CN=Lý Thường Kiệt');
        expect(signer.privateKey.algorithm.name).toBe('RSASSA-PKCS1-v1_5');
        expect(signer.privateKey.extractable).toBe(false);
        await expect(loadSignerFromP12(bytes, '111111')).rejects.toBeInstanceOf(WrongPinError);
      });
    }
  });
});

afterAll(removeScratch);
