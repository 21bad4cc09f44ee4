import { generateKeyPairSync, sign } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { SIG_OID } from '../crypto/algorithms';
import type { PublicKeyInfo } from '../crypto/public-key';
import { useNativeSignatures, verifySignature, type NativeSignatures } from '../crypto/signature-check';
import { nodeSignatures } from './native-signatures';

/**
 * Ed448 and ECDSA beyond WebCrypto through Node's crypto (issue 11): the same answers as the
 * portable @noble code on valid and forged signatures, and the verifier really asks it once set.
 */
function ed448Key(): { key: PublicKeyInfo; signer: (d: Uint8Array) => Uint8Array } {
  const { publicKey, privateKey } = generateKeyPairSync('ed448');
  const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
  // SubjectPublicKeyInfo of Ed448: 12 bytes of header, then the 57-byte key.
  return { key: { type: 'ed448', spki, raw: spki.subarray(12) }, signer: (d) => new Uint8Array(sign(null, d, privateKey)) };
}

const ED448 = { sigOid: SIG_OID.ed448, digestOid: '' };
const DIGEST_OID = { 'SHA-224': '2.16.840.1.101.3.4.2.4', 'SHA-256': '2.16.840.1.101.3.4.2.1', 'SHA-384': '2.16.840.1.101.3.4.2.2', 'SHA3-256': '2.16.840.1.101.3.4.2.8' };
type Hash = keyof typeof DIGEST_OID;

/** An ECDSA key on `curve` (OpenSSL's name, as the verifier names curves), signing with `hash`. */
function ecKey(curve: 'brainpoolP256r1' | 'brainpoolP384r1' | 'brainpoolP512r1' | 'prime256v1', hash: Hash): { key: PublicKeyInfo; params: { sigOid: string; digestOid: string }; signer: (d: Uint8Array) => Uint8Array } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: curve });
  const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
  // The uncompressed point (04 ‖ x ‖ y) ends the SPKI.
  const size = { brainpoolP256r1: 32, prime256v1: 32, brainpoolP384r1: 48, brainpoolP512r1: 64 }[curve]!;
  const key: PublicKeyInfo = { type: 'ec', curve, spki, raw: spki.subarray(spki.length - (2 * size + 1)) };
  return { key, params: { sigOid: SIG_OID.ec, digestOid: DIGEST_OID[hash] }, signer: (d) => new Uint8Array(sign(hash.toLowerCase().replace(/^sha-/, 'sha'), d, privateKey)) };
}
const data = new Uint8Array(Buffer.from('Quyết định số 15/QĐ-UBND: cấp giấy chứng nhận', 'utf8'));
const alice = ed448Key();
const bob = ed448Key();
const good = alice.signer(data);
const flipped = (b: Uint8Array, at: number) => {
  const c = new Uint8Array(b);
  c[at] ^= 1;
  return c;
};

const CASES: [string, PublicKeyInfo, Uint8Array, Uint8Array, boolean][] = [
  ['a valid signature', alice.key, data, good, true],
  ['other data', alice.key, flipped(data, 3), good, false],
  ['a changed R', alice.key, data, flipped(good, 5), false],
  ['a changed S', alice.key, data, flipped(good, 100), false],
  ['a signature cut short', alice.key, data, good.subarray(0, 113), false],
  ['another key', bob.key, data, good, false],
  ['an unreadable key', { type: 'ed448', spki: new Uint8Array([0x30, 0x03, 0x01, 0x02, 0x03]), raw: new Uint8Array(57) }, data, good, false],
];

const brainpool = ecKey('brainpoolP256r1', 'SHA-256');
const bpGood = brainpool.signer(data);
const EC_CASES: [string, ReturnType<typeof ecKey>, Uint8Array, Uint8Array, boolean][] = [
  ['brainpoolP256r1, SHA-256: valid', brainpool, data, bpGood, true],
  ['brainpoolP256r1: other data', brainpool, flipped(data, 0), bpGood, false],
  ['brainpoolP256r1: a changed s', brainpool, data, flipped(bpGood, bpGood.length - 1), false],
  ['brainpoolP256r1: a byte after the DER', brainpool, data, new Uint8Array([...bpGood, 0]), false],
  ['brainpoolP256r1: another key', ecKey('brainpoolP256r1', 'SHA-256'), data, bpGood, false],
  ...(['brainpoolP384r1', 'brainpoolP512r1'] as const).map((c): (typeof EC_CASES)[number] => {
    const k = ecKey(c, 'SHA-384');
    return [`${c}, SHA-384: valid`, k, data, k.signer(data), true];
  }),
  ...(['SHA3-256', 'SHA-224'] as const).map((h): (typeof EC_CASES)[number] => {
    const k = ecKey('prime256v1', h);
    return [`prime256v1, ${h}: valid`, k, data, k.signer(data), true];
  }),
];

afterEach(() => useNativeSignatures(undefined));

describe('Ed448: Node crypto and @noble agree', () => {
  it.each(CASES)('%s', async (_name, key, message, sig, valid) => {
    useNativeSignatures(undefined);
    const portable = await verifySignature(ED448, key, message, sig);
    useNativeSignatures(nodeSignatures);
    const native = await verifySignature(ED448, key, message, sig);
    expect([portable, native]).toEqual([valid, valid]);
    expect(nodeSignatures({ name: 'Ed448' }, key.spki, message, sig)).toBe(valid);
  });
});

describe('ECDSA beyond WebCrypto: Node crypto and @noble agree', () => {
  it.each(EC_CASES)('%s', async (_name, { key, params }, message, sig, valid) => {
    useNativeSignatures(undefined);
    const portable = await verifySignature(params, key, message, sig);
    useNativeSignatures(nodeSignatures);
    const native = await verifySignature(params, key, message, sig);
    expect([portable, native]).toEqual([valid, valid]);
  });
});

describe('the native hook', () => {
  it('is asked for Ed448 and brainpool ECDSA, and its answer is the verdict', async () => {
    const asked: string[] = [];
    const contrary: NativeSignatures = (algorithm, spki, d, sig) => {
      asked.push(algorithm.name);
      return !nodeSignatures(algorithm, spki, d, sig);
    };
    useNativeSignatures(contrary);
    expect(await verifySignature(ED448, alice.key, data, good)).toBe(false);
    expect(await verifySignature(brainpool.params, brainpool.key, data, bpGood)).toBe(false);
    expect(asked).toEqual(['Ed448', 'ECDSA']);
  });

  it('leaves to the portable code what it does not take', async () => {
    useNativeSignatures(() => undefined);
    expect(await verifySignature(ED448, alice.key, data, good)).toBe(true);
    expect(await verifySignature(ED448, alice.key, data, flipped(good, 5))).toBe(false);
  });

  it('refuses an Ed448 signature checked against a key of another type', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
    expect(nodeSignatures({ name: 'Ed448' }, spki, data, good)).toBe(false);
  });
});
