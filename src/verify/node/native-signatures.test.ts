import { generateKeyPairSync, sign } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { SIG_OID } from '../crypto/algorithms';
import type { PublicKeyInfo } from '../crypto/public-key';
import { useNativeSignatures, verifySignature, type NativeSignatures } from '../crypto/signature-check';
import { nodeSignatures } from './native-signatures';

/**
 * Ed448 through Node's crypto (issue 11): the same answers as the portable @noble code on
 * valid and forged signatures, and the verifier really asks it once it is set.
 */
function ed448Key(): { key: PublicKeyInfo; signer: (d: Uint8Array) => Uint8Array } {
  const { publicKey, privateKey } = generateKeyPairSync('ed448');
  const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
  // SubjectPublicKeyInfo of Ed448: 12 bytes of header, then the 57-byte key.
  return { key: { type: 'ed448', spki, raw: spki.subarray(12) }, signer: (d) => new Uint8Array(sign(null, d, privateKey)) };
}

const ED448 = { sigOid: SIG_OID.ed448, digestOid: '' };
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

afterEach(() => useNativeSignatures(undefined));

describe('Ed448: Node crypto and @noble agree', () => {
  it.each(CASES)('%s', async (_name, key, message, sig, valid) => {
    useNativeSignatures(undefined);
    const portable = await verifySignature(ED448, key, message, sig);
    useNativeSignatures(nodeSignatures);
    const native = await verifySignature(ED448, key, message, sig);
    expect([portable, native]).toEqual([valid, valid]);
    expect(nodeSignatures('Ed448', key.spki, message, sig)).toBe(valid);
  });
});

describe('the native hook', () => {
  it('is asked for Ed448, and its answer is the verdict', async () => {
    const asked: string[] = [];
    const contrary: NativeSignatures = (algorithm, spki, d, sig) => {
      asked.push(algorithm);
      return !nodeSignatures(algorithm, spki, d, sig);
    };
    useNativeSignatures(contrary);
    expect(await verifySignature(ED448, alice.key, data, good)).toBe(false);
    expect(asked).toEqual(['Ed448']);
  });

  it('leaves to the portable code what it does not take', async () => {
    useNativeSignatures(() => undefined);
    expect(await verifySignature(ED448, alice.key, data, good)).toBe(true);
    expect(await verifySignature(ED448, alice.key, data, flipped(good, 5))).toBe(false);
  });

  it('refuses an Ed448 signature checked against a key of another type', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
    expect(nodeSignatures('Ed448', spki, data, good)).toBe(false);
  });
});
