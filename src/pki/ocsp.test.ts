import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import * as ocsp from '@peculiar/asn1-ocsp';
import { haveTool, runTool } from '../../test/support/tools';
import { buildOcspRequest, queryOcsp, readOcspResponse, type DevPki } from './index';
import { pemOf } from './certificates';
import { createTestPki, scratchDir, removeScratch } from './testing';

const hasOpenssl = haveTool('openssl');

describe.skipIf(!hasOpenssl)('OCSP responder (RFC 6960), checked by openssl ocsp', () => {
  let pki: DevPki;
  let other: DevPki;
  let dir: string;
  const file = (n: string) => path.join(dir, n);

  beforeAll(async () => {
    [pki, other] = await Promise.all([createTestPki(), createTestPki()]);
    dir = scratchDir('ocsp');
    writeFileSync(file('issuing.pem'), pemOf([pki.certificate('issuing-ca')]));
    writeFileSync(file('root.pem'), pemOf(pki.trustAnchors()));
    for (const id of ['leader:chutich', 'leader:revoked-leader', 'seal']) writeFileSync(file(`${id.replace(':', '-')}.pem`), pemOf([pki.certificate(id)]));
    writeFileSync(file('stranger.pem'), pemOf([other.certificate('leader:chutich')]));
  });

  /** openssl makes the request, our responder answers, openssl verifies and prints the status. */
  async function ask(certFile: string, extra: string[] = []): Promise<{ status: number; out: string }> {
    const req = runTool('openssl', ['ocsp', ...extra, '-issuer', file('issuing.pem'), '-cert', file(certFile), '-reqout', file('req.der')]);
    expect(req.status, req.stderr).toBe(0);
    writeFileSync(file('resp.der'), await pki.ocsp.respond(new Uint8Array(readFileSync(file('req.der')))));
    const r = runTool('openssl', ['ocsp', ...extra, '-respin', file('resp.der'), '-issuer', file('issuing.pem'), '-cert', file(certFile), '-CAfile', file('root.pem'), '-verify_other', file('issuing.pem')]);
    return { status: r.status, out: r.stdout + r.stderr };
  }

  it('says good for a valid leader and for the seal, in a response signed by the delegated responder', async () => {
    const leader = await ask('leader-chutich.pem', ['-no_nonce']);
    expect(leader.out).toContain('Response verify OK');
    expect(leader.out).toContain('leader-chutich.pem: good');
    expect((await ask('seal.pem', ['-no_nonce', '-sha256'])).out).toContain('seal.pem: good');
  });

  it('says revoked, with time and reason, for the revoked leader', async () => {
    const r = await ask('leader-revoked-leader.pem', ['-no_nonce']);
    expect(r.out).toContain('Response verify OK');
    expect(r.out).toContain('leader-revoked-leader.pem: revoked');
    expect(r.out).toContain('Reason: keyCompromise');
  });

  it('says unknown for a certificate of another CA', async () => {
    const req = runTool('openssl', ['ocsp', '-issuer', file('issuing.pem'), '-cert', file('stranger.pem'), '-reqout', file('req.der'), '-no_nonce']);
    expect(req.status).toBe(0);
    writeFileSync(file('resp.der'), await pki.ocsp.respond(new Uint8Array(readFileSync(file('req.der')))));
    const r = runTool('openssl', ['ocsp', '-respin', file('resp.der'), '-CAfile', file('root.pem'), '-verify_other', file('issuing.pem'), '-resp_text']);
    expect(r.stdout).toContain('Cert Status: unknown');
  });

  it('echoes the nonce (openssl checks it against its request)', async () => {
    runTool('openssl', ['ocsp', '-issuer', file('issuing.pem'), '-cert', file('leader-chutich.pem'), '-reqout', file('nonce-req.der')]);
    writeFileSync(file('nonce-resp.der'), await pki.ocsp.respond(new Uint8Array(readFileSync(file('nonce-req.der')))));
    const r = runTool('openssl', ['ocsp', '-respin', file('nonce-resp.der'), '-reqin', file('nonce-req.der'), '-CAfile', file('root.pem'), '-verify_other', file('issuing.pem'), '-resp_text']);
    expect(r.stdout + r.stderr).toContain('Response verify OK');
    expect(r.stdout + r.stderr).not.toContain('Nonce Verify error');
    expect(r.stdout).toContain('OCSP Nonce');
  });

  it('answers malformedRequest to garbage instead of throwing', async () => {
    const resp = AsnConvert.parse(await pki.ocsp.respond(new TextEncoder().encode('không phải OCSP')), ocsp.OCSPResponse);
    expect(resp.responseStatus).toBe(ocsp.OCSPResponseStatus.malformedRequest);
    expect(resp.responseBytes).toBeUndefined();
  });
});

describe('OCSP client (queryOcsp) against our responder', () => {
  let pki: DevPki;
  let other: DevPki;
  beforeAll(async () => {
    [pki, other] = await Promise.all([createTestPki(), createTestPki()]);
  });

  it('reads good and revoked (with time and reason), with the nonce checked', async () => {
    const issuer = pki.certificate('issuing-ca');
    const good = await queryOcsp(pki.ocsp, pki.certificate('leader:chutich'), issuer);
    expect(good.status).toBe('good');
    expect(good.nextUpdate!.getTime()).toBeGreaterThan(good.thisUpdate.getTime());
    const revoked = await queryOcsp(pki.ocsp, pki.certificate('leader:revoked-leader'), issuer);
    expect(revoked).toMatchObject({ status: 'revoked', reason: 1 });
    expect(revoked.revokedAt!.toISOString().slice(0, 19)).toBe(pki.manifest.entries.find((e) => e.fixture === 'revoked')!.revoked!.at.slice(0, 19));
  });

  it('does not believe a response signed by a responder the issuer never authorised, or a tampered one', async () => {
    const cert = pki.certificate('leader:chutich');
    const issuer = pki.certificate('issuing-ca');
    // The other PKI's responder signs validly, but with a certificate from a different CA.
    await expect(queryOcsp(other.ocsp, cert, issuer)).rejects.toMatchObject({ code: 'ocsp_untrusted' });
    const der = await pki.ocsp.respond(buildOcspRequest(cert, issuer));
    const resp = AsnConvert.parse(der, ocsp.OCSPResponse);
    const basic = AsnConvert.parse(resp.responseBytes!.response.buffer, ocsp.BasicOCSPResponse);
    const sig = new Uint8Array(basic.signature.slice(0));
    sig[sig.length - 5] ^= 0x01;
    basic.signature = sig.buffer;
    resp.responseBytes!.response = new OctetString(AsnConvert.serialize(basic));
    await expect(readOcspResponse(new Uint8Array(AsnConvert.serialize(resp)), cert, issuer)).rejects.toMatchObject({ code: 'ocsp_untrusted' });
    await expect(readOcspResponse(der, cert, issuer)).resolves.toMatchObject({ status: 'good' });
    await expect(readOcspResponse(der, cert, issuer, new Uint8Array([1, 2, 3]))).rejects.toMatchObject({ code: 'ocsp_nonce' });
  });
});

afterAll(removeScratch);
