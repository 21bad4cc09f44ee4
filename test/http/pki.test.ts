import * as x509 from '../../src/pki/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOcspRequest, buildTimeStampRequest, digest, parseTimeStampToken, readOcspResponse, tokenFromResponse } from '../../src/pki';
import { makeHarness, type Harness } from '../support/harness';

/**
 * The /pki routes: every URL that the issued certificates carry (CRL distribution points,
 * CA issuers, OCSP) must answer with what a relying party expects there, and the built-in
 * TSA must time-stamp. Checked in process with our own client code, no external tool needed.
 */
let h: Harness;
beforeAll(async () => {
  h = await makeHarness({ pki: true });
});
afterAll(() => h.close());

const cert = (id: string) => h.pki!.certificate(id);
const issuing = () => cert('issuing-ca');

/** The paths of the URLs a certificate carries: CRL distribution points, CA issuers, OCSP. */
function pkiPaths(der: Uint8Array): string[] {
  const c = new x509.X509Certificate(der);
  const crls = (c.getExtension(x509.CRLDistributionPointsExtension)?.distributionPoints ?? []).flatMap((p) => p.distributionPoint?.fullName ?? []).map((n) => n.uniformResourceIdentifier);
  const aia = c.getExtension(x509.AuthorityInfoAccessExtension);
  const urls = [...crls, ...[...(aia?.caIssuers ?? []), ...(aia?.ocsp ?? [])].map((n) => n.value)];
  const base = h.config.publicUrl.replace(/\/$/, '');
  for (const u of urls) expect(u, 'every URL in the certificate points to this service').toMatch(new RegExp(`^${base.replace(/\./g, '\\.')}/pki/`));
  return urls.map((u) => u!.slice(base.length)).sort();
}

const get = (url: string) => h.app.request(url);
const post = (url: string, body: Uint8Array, type: string) => h.app.request(url, { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(body) });

describe('URLs inside the issued certificates', () => {
  it('a leader certificate points to the issuing CRL, the issuing CA certificate and the OCSP responder', () => {
    expect(pkiPaths(cert('leader:leader'))).toEqual(['/pki/ca/issuing.crt', '/pki/crl/issuing.crl', '/pki/ocsp']);
    expect(pkiPaths(issuing())).toEqual(['/pki/ca/root.crt', '/pki/crl/root.crl']);
  });

  it.each([
    ['/pki/ca/root.crt', 'root-ca'],
    ['/pki/ca/issuing.crt', 'issuing-ca'],
  ])('GET %s: the DER certificate of %s', async (url, id) => {
    const res = await get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pkix-cert');
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(cert(id)))).toBe(true);
  });

  it.each([
    ['/pki/crl/root.crl', 'root-ca'],
    ['/pki/crl/issuing.crl', 'issuing-ca'],
  ])('GET %s: a CRL signed by %s', async (url, id) => {
    const res = await get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pkix-crl');
    const crl = new x509.X509Crl(new Uint8Array(await res.arrayBuffer()));
    const issuer = new x509.X509Certificate(cert(id));
    expect(crl.issuer).toBe(issuer.subject);
    expect(await crl.verify({ publicKey: issuer.publicKey })).toBe(true);
  });

  it('the issuing CRL lists the revoked leader and not the good one', async () => {
    const crl = new x509.X509Crl(new Uint8Array(await (await get('/pki/crl/issuing.crl')).arrayBuffer()));
    expect(crl.findRevoked(new x509.X509Certificate(cert('leader:revoked-leader')))).not.toBeNull();
    expect(crl.findRevoked(new x509.X509Certificate(cert('leader:leader')))).toBeNull();
  });

  it('POST /pki/ocsp: good for the leader, revoked for the revoked leader, with our nonce', async () => {
    for (const [id, status] of [['leader:leader', 'good'], ['leader:revoked-leader', 'revoked']] as const) {
      const nonce = crypto.getRandomValues(new Uint8Array(16));
      const res = await post('/pki/ocsp', buildOcspRequest(cert(id), issuing(), nonce), 'application/ocsp-request');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/ocsp-response');
      const answer = await readOcspResponse(new Uint8Array(await res.arrayBuffer()), cert(id), issuing(), nonce);
      expect(answer.status, id).toBe(status);
    }
  });

  it('GET /pki/ocsp/<base64 request> (RFC 6960 A.1): the same answer', async () => {
    const request = Buffer.from(buildOcspRequest(cert('leader:leader'), issuing())).toString('base64');
    const res = await get(`/pki/ocsp/${encodeURIComponent(request)}`);
    expect(res.status).toBe(200);
    expect((await readOcspResponse(new Uint8Array(await res.arrayBuffer()), cert('leader:leader'), issuing())).status).toBe('good');
  });

  it('POST /pki/tsa: a token over our digest', async () => {
    const d = digest('SHA-256', new TextEncoder().encode('Kết quả giải quyết hồ sơ'));
    const res = await post('/pki/tsa', buildTimeStampRequest(d), 'application/timestamp-query');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/timestamp-reply');
    const token = parseTimeStampToken(tokenFromResponse(new Uint8Array(await res.arrayBuffer())));
    expect(Buffer.from(token.digest).equals(Buffer.from(d))).toBe(true);
  });
});

describe('bad requests to /pki', () => {
  const expectError = async (res: Response, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
  };

  it('an empty OCSP or TSA body, or an OCSP URL that is not base64: 400 bad_request_body', async () => {
    await expectError(await post('/pki/ocsp', new Uint8Array(0), 'application/ocsp-request'), 400, 'bad_request_body');
    await expectError(await post('/pki/tsa', new Uint8Array(0), 'application/timestamp-query'), 400, 'bad_request_body');
    await expectError(await get('/pki/ocsp/%E2%82%AC%20not%20base64'), 400, 'bad_request_body');
    expect(h.errors).toEqual([]);
  });

  it('a CRL or CA that does not exist: 404', async () => {
    await expectError(await get('/pki/crl/other.crl'), 404, 'not_found');
    await expectError(await get('/pki/ca/leader.crt'), 404, 'not_found');
  });

  it('an instance without a PKI: 501 pki_not_loaded', async () => {
    const bare = await makeHarness();
    try {
      await expectError(await bare.app.request('/pki/crl/root.crl'), 501, 'pki_not_loaded');
    } finally {
      await bare.close();
    }
  });
});
