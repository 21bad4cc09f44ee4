import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeScratch } from '../pki';
import { InvalidInputError, UnprocessableError } from '../shared/errors';
import { haveTool, runTool } from '../../test/support/tools';
import { completeExternal, externalStateFromJson, externalStateToJson, prepareExternal, signPdf } from './sign-pdf';
import { DigestSigner } from './signer';
import { extractSignatures, resultPdf, signingFixture, TEST_PIN, writeIn, type SigningFixture } from './testing';

/**
 * The two-step path a USB token / HSM / remote service uses: the digest leaves, a signature
 * value comes back. Here `openssl pkeyutl` is that outside signer, with the key exported from
 * the PKCS#12 (ECDSA) and a separate openssl-made RSA key, so both key types are covered.
 */

const ok = haveTool('openssl') && haveTool('pdfsig');
const AT = new Date('2026-11-23T03:04:05Z');

let f: SigningFixture;
let ecKey: string;
let rsa: { key: string; cert: Uint8Array };

beforeAll(async () => {
  f = await signingFixture();
  if (!ok) return;
  ecKey = path.join(f.dir, 'leader-key.pem');
  runTool('openssl', ['pkcs12', '-in', f.p12('leader', 'chutich'), '-nocerts', '-nodes', '-passin', `pass:${TEST_PIN}`, '-out', ecKey]);
  const key = path.join(f.dir, 'rsa-key.pem');
  const cert = path.join(f.dir, 'rsa-cert.der');
  const made = runTool('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-outform', 'DER', '-out', cert, '-days', '2',
    '-subj', '/CN=Lê Thị Ơn/O=Sở Tư pháp', '-utf8', '-addext', 'keyUsage=critical,digitalSignature,nonRepudiation']);
  expect(made.status, made.stderr).toBe(0);
  rsa = { key, cert: new Uint8Array(readFileSync(cert)) };
});
afterAll(() => removeScratch());

/** What the token does: a raw signature over a 32-byte SHA-256 digest. */
function opensslSignDigest(keyFile: string, digest: Uint8Array): Uint8Array {
  const input = writeIn(f.dir, `digest-${Math.random()}.bin`, digest);
  const output = `${input}.sig`;
  const r = runTool('openssl', ['pkeyutl', '-sign', '-inkey', keyFile, '-in', input, '-out', output, '-pkeyopt', 'digest:sha256']);
  expect(r.status, r.stderr).toBe(0);
  return new Uint8Array(readFileSync(output));
}

function pdfsigOut(pdf: Uint8Array): string {
  return runTool('pdfsig', [writeIn(f.dir, `ext-${Math.random()}.pdf`, pdf)]).stdout;
}

describe.skipIf(!ok)('external two-step signing', () => {
  it('ECDSA: prepare → openssl pkeyutl → complete gives a valid signature, and the seal on top keeps it valid', async () => {
    const prepared = await prepareExternal(await resultPdf(), { certificate: f.leader.certificate, chain: f.leader.chain, field: 'leader', reason: 'Phê duyệt', now: AT });
    expect(prepared.digest).toHaveLength(32);
    // The state crosses requests as JSON (the server keeps it between prepare and complete).
    const state = externalStateFromJson(externalStateToJson(prepared.state));
    const signed = await completeExternal(state, opensslSignDigest(ecKey, prepared.digest), { timestamp: f.pki.tsa });
    const sealed = await signPdf(signed, { signer: f.seal, field: 'seal' });
    const out = pdfsigOut(sealed);
    expect(out.match(/Signature is Valid/g)).toHaveLength(2);
    const cms = writeIn(f.dir, 'ext.der', extractSignatures(sealed)[0].cms);
    const content = writeIn(f.dir, 'ext.bin', extractSignatures(sealed)[0].signedBytes);
    const v = runTool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', cms, '-content', content, '-CAfile', f.rootPem, '-purpose', 'any', '-out', '/dev/null']);
    expect(v.stderr).toContain('Verification successful');
  });

  it('the prepared bytes are exactly what the local signer signs (same signed ranges)', async () => {
    const pdf = await resultPdf();
    const o = { field: 'leader', reason: 'Phê duyệt', now: AT };
    const local = await signPdf(pdf, { ...o, signer: f.leader });
    const prepared = await prepareExternal(pdf, { ...o, certificate: f.leader.certificate, chain: f.leader.chain });
    const external = await completeExternal(prepared.state, opensslSignDigest(ecKey, prepared.digest));
    const [a] = extractSignatures(local);
    const [b] = extractSignatures(external);
    expect(b.byteRange).toEqual(a.byteRange);
    expect(Buffer.from(b.signedBytes).equals(Buffer.from(a.signedBytes))).toBe(true);
  });

  it('RSA PKCS#1 v1.5: both the two-step API and DigestSigner (one Signer interface) verify', async () => {
    const pdf = await resultPdf();
    const prepared = await prepareExternal(pdf, { certificate: rsa.cert, field: 'leader', now: AT });
    const twoStep = await completeExternal(prepared.state, opensslSignDigest(rsa.key, prepared.digest));
    const signer = new DigestSigner(rsa.cert, [], async (digest) => opensslSignDigest(rsa.key, digest));
    const viaSigner = await signPdf(twoStep, { signer, field: 'seal' });
    const out = pdfsigOut(viaSigner);
    expect(out.match(/Signature is Valid/g)).toHaveLength(2);
    expect(out).toContain('Lê Thị Ơn');
  });

  it('refuses a tampered saved state', async () => {
    const prepared = await prepareExternal(await resultPdf(), { certificate: f.leader.certificate, field: 'leader' });
    const json = JSON.parse(externalStateToJson(prepared.state));
    const pdf = Buffer.from(json.pdf, 'base64');
    pdf[20] ^= 1;
    const state = externalStateFromJson(JSON.stringify({ ...json, pdf: pdf.toString('base64') }));
    await expect(completeExternal(state, opensslSignDigest(ecKey, prepared.digest))).rejects.toMatchObject({ code: 'invalid_signing_state' });
    expect(() => externalStateFromJson('{"pdf":1}')).toThrow(InvalidInputError);
  });

  it('refuses a signature value that is not over the prepared digest', async () => {
    const prepared = await prepareExternal(await resultPdf(), { certificate: f.leader.certificate, field: 'leader' });
    const other = new Uint8Array(prepared.digest);
    other[0] ^= 1;
    await expect(completeExternal(prepared.state, opensslSignDigest(ecKey, other))).rejects.toThrow(UnprocessableError);
    await expect(completeExternal(prepared.state, opensslSignDigest(rsa.key, prepared.digest))).rejects.toMatchObject({ code: 'bad_signature_value' });
  });
});
