import { createServer, type Server } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needTools, runTool } from '../../test/support/tools';
import { UnavailableError, UnprocessableError } from '../shared/errors';
import { buildTimeStampRequest, digest, parseTimeStampToken, requestTimestamp, tokenFromResponse, type DevPki } from './index';
import { pemOf } from './certificates';
import { createTestPki, scratchDir, removeScratch } from './testing';

const openssl = needTools('openssl');

describe('RFC 3161 time-stamping authority', () => {
  let pki: DevPki;
  let dir: string;
  const data = new TextEncoder().encode('Hồ sơ 000.00.06.H56-261123-0001: giấy phép kinh doanh đã ký');
  const file = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    pki = await createTestPki();
    dir = scratchDir('tsa');
    writeFileSync(file('data.txt'), data);
    writeFileSync(file('chain.pem'), pemOf([pki.certificate('issuing-ca')]));
    writeFileSync(file('root.pem'), pemOf(pki.trustAnchors()));
  });

  openssl.it('answers an openssl query with a reply that openssl verifies against the root', async () => {
    expect(runTool('openssl', ['ts', '-query', '-data', file('data.txt'), '-sha256', '-cert', '-out', file('req.tsq')]).status).toBe(0);
    const reqText = runTool('openssl', ['ts', '-query', '-in', file('req.tsq'), '-text']).stdout;
    const nonce = /Nonce: (0x[0-9A-F]+)/.exec(reqText)![1];
    writeFileSync(file('resp.tsr'), await pki.tsa.respond(new Uint8Array(readFileSync(file('req.tsq')))));
    const text = runTool('openssl', ['ts', '-reply', '-in', file('resp.tsr'), '-text']).stdout;
    expect(text).toContain('Status: Granted.');
    expect(text).toContain(`Policy OID: ${pki.tsa.policy}`);
    expect(text).toContain(`Nonce: ${nonce}`);
    expect(text).toContain('Accuracy: 0x01 seconds');
    expect(text).toContain('Hash Algorithm: sha256');
    const verify = runTool('openssl', ['ts', '-verify', '-data', file('data.txt'), '-in', file('resp.tsr'), '-CAfile', file('root.pem'), '-untrusted', file('chain.pem')]);
    expect(verify.stdout, verify.stderr).toContain('Verification: OK');
    // and the same reply does not verify other data
    writeFileSync(file('other.txt'), new TextEncoder().encode('Hồ sơ khác'));
    expect(runTool('openssl', ['ts', '-verify', '-data', file('other.txt'), '-in', file('resp.tsr'), '-CAfile', file('root.pem'), '-untrusted', file('chain.pem')]).status).not.toBe(0);
  });

  it('requestTimestamp (in process) returns a token over our digest with unique serials', async () => {
    const d = digest('SHA-256', data);
    const tokens = await Promise.all(Array.from({ length: 12 }, () => requestTimestamp(pki.tsa, d)));
    const infos = tokens.map(parseTimeStampToken);
    expect(new Set(infos.map((i) => i.serialNumber)).size).toBe(12);
    expect(Buffer.from(infos[0].digest).equals(Buffer.from(d))).toBe(true);
    expect(Math.abs(infos[0].genTime.getTime() - Date.now())).toBeLessThan(5_000);
  });

  openssl.it('openssl ts -verify accepts a token from requestTimestamp; it carries ESS signing-certificate-v2', async () => {
    writeFileSync(file('token.der'), await requestTimestamp(pki.tsa, digest('SHA-256', data)));
    const v = runTool('openssl', ['ts', '-verify', '-data', file('data.txt'), '-in', file('token.der'), '-token_in', '-CAfile', file('root.pem'), '-untrusted', file('chain.pem')]);
    expect(v.stdout, v.stderr).toContain('Verification: OK');
    // ESS signing-certificate-v2 is there (openssl cms prints the attribute by name)
    const cms = runTool('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', file('token.der')]).stdout;
    expect(cms).toContain('id-smime-aa-signingCertificateV2');
  });

  it('rejects what it must, with the RFC 3161 failure reason', async () => {
    const sha1 = buildTimeStampRequest(digest('SHA-1', data), 'SHA-1');
    expect(() => tokenFromResponse(new Uint8Array(0))).toThrow();
    const reject = async (req: Uint8Array) => {
      const resp = await pki.tsa.respond(req);
      return () => tokenFromResponse(resp);
    };
    expect(await reject(sha1)).toThrow(/hash algorithm not accepted/);
    expect(await reject(new TextEncoder().encode('không phải yêu cầu'))).toThrow(UnprocessableError);
  });

  openssl.it('openssl reads the refusals: a SHA-1 request and an unknown policy, each with its failure reason', async () => {
    writeFileSync(file('bad.tsr'), await pki.tsa.respond(buildTimeStampRequest(digest('SHA-1', data), 'SHA-1')));
    const text = runTool('openssl', ['ts', '-reply', '-in', file('bad.tsr'), '-text']).stdout;
    expect(text).toContain('Status: Rejected');
    expect(text).toContain('unrecognized or unsupported algorithm identifier');
    expect(runTool('openssl', ['ts', '-query', '-data', file('data.txt'), '-sha256', '-tspolicy', '1.2.3.4', '-out', file('policy.tsq')]).status).toBe(0);
    writeFileSync(file('policy.tsr'), await pki.tsa.respond(new Uint8Array(readFileSync(file('policy.tsq')))));
    expect(runTool('openssl', ['ts', '-reply', '-in', file('policy.tsr'), '-text']).stdout).toContain('the requested TSA policy is not supported by the TSA');
  });

  it('also reads BER (indefinite-length) responses and tokens, as some TSAs send them', async () => {
    const d = digest('SHA-256', data);
    const der = await pki.tsa.respond(buildTimeStampRequest(d));
    const token = tokenFromResponse(der);
    // Re-wrap the outer SEQUENCEs with indefinite lengths (BER), content unchanged.
    const ber = (bytes: Uint8Array) => {
      const headerLength = bytes[1] & 0x80 ? 2 + (bytes[1] & 0x7f) : 2;
      return new Uint8Array([0x30, 0x80, ...bytes.subarray(headerLength), 0x00, 0x00]);
    };
    const berToken = ber(token);
    expect(parseTimeStampToken(berToken).digest).toEqual(d);
    const berResponse = ber(der);
    expect(parseTimeStampToken(tokenFromResponse(berResponse)).serialNumber).toBe(parseTimeStampToken(token).serialNumber);
  });

  describe('over HTTP (application/timestamp-query)', () => {
    let server: Server;
    let url: string;
    beforeAll(async () => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', async () => {
          if (req.url === '/down' || req.headers['content-type'] !== 'application/timestamp-query') {
            res.writeHead(503).end();
            return;
          }
          const body = await pki.tsa.respond(new Uint8Array(Buffer.concat(chunks)));
          res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(Buffer.from(body));
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('gets a token from a TSA URL, and says so clearly when the TSA is down', async () => {
      const d = digest('SHA-256', data);
      const info = parseTimeStampToken(await requestTimestamp(`${url}/tsa`, d));
      expect(info.policy).toBe(pki.tsa.policy);
      await expect(requestTimestamp(`${url}/down`, d)).rejects.toBeInstanceOf(UnavailableError);
      await expect(requestTimestamp('http://127.0.0.1:1/tsa', d)).rejects.toBeInstanceOf(UnavailableError);
    });
  });
});

afterAll(removeScratch);
