import { Hono } from 'hono';
import { InvalidInputError, NotImplementedError } from '../../shared/errors';
import { MAX_DER_REQUEST_BYTES as MAX_REQUEST } from '../../shared/limits';
import { fromBase64 } from '../base64';
import type { AppEnv } from '../context';

function der(bytes: Uint8Array, type: string): Response {
  return new Response(bytes, { headers: { 'content-type': type, 'cache-control': 'max-age=300' } });
}

async function body(c: { req: { arrayBuffer(): Promise<ArrayBuffer> } }): Promise<Uint8Array> {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.length === 0 || bytes.length > MAX_REQUEST) throw new InvalidInputError('bad_request_body', `Expected a DER request of 1–${MAX_REQUEST} bytes`);
  return bytes;
}

/**
 * Public PKI endpoints named in the development certificates (CRL distribution points, AIA):
 * CRLs, CA certificates, the OCSP responder and the RFC 3161 time-stamping authority.
 */
export const pkiRoutes = new Hono<AppEnv>()
  .use(async (c, next) => {
    if (!c.var.services.pki) throw new NotImplementedError('pki_not_loaded', 'This instance has no PKI loaded');
    await next();
  })
  .get('/crl/:name{(root|issuing)\\.crl}', async (c) => der(await c.var.services.pki!.crl(c.req.param('name').replace('.crl', '') as 'root' | 'issuing'), 'application/pkix-crl'))
  .get('/ca/:name{(root|issuing)\\.crt}', async (c) => der(await c.var.services.pki!.caCertificate(c.req.param('name').replace('.crt', '') as 'root' | 'issuing'), 'application/pkix-cert'))
  .post('/ocsp', async (c) => der(await c.var.services.pki!.ocsp(await body(c)), 'application/ocsp-response'))
  // RFC 6960 A.1: base64 then URL-encoded, but clients also send the raw base64, '/' included.
  .get('/ocsp/:req{.+}', async (c) => {
    let req: Uint8Array;
    try {
      req = fromBase64(decodeURIComponent(c.req.param('req')));
    } catch {
      throw new InvalidInputError('bad_request_body', 'The OCSP request in the URL is not base64');
    }
    return der(await c.var.services.pki!.ocsp(req), 'application/ocsp-response');
  })
  .post('/tsa', async (c) => der(await c.var.services.pki!.tsa(await body(c)), 'application/timestamp-reply'));
