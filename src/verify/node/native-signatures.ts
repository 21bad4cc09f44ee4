import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { NativeSignatures } from '../crypto/signature-check';
import { OPENSSL_HASHES } from './node-digests';

/**
 * Signatures Node's crypto (OpenSSL) verifies for the portable verifier (../crypto/signature-check),
 * through `crypto.verify`, which is stable (only WebCrypto's Ed448 is experimental):
 * - Ed448: 0.2 ms of CPU against @noble's 5.4 (1.8 against 119 on first use, when @noble
 *   builds its tables);
 * - ECDSA where WebCrypto falls short (brainpool curves, SHA-224/SHA-3): 0.4 ms against 6.6
 *   on brainpoolP256r1. OpenSSL wants strict DER, as @noble does.
 * Keys are parsed once per SPKI object, as WebCrypto's imports are.
 */
const keys = new WeakMap<Uint8Array, KeyObject | null>();

function keyOf(spki: Uint8Array): KeyObject | null {
  let k = keys.get(spki);
  if (k === undefined) {
    try {
      k = createPublicKey({ key: Buffer.from(spki.buffer, spki.byteOffset, spki.byteLength), format: 'der', type: 'spki' });
    } catch {
      k = null; // a key OpenSSL cannot read verifies nothing, as @noble would refuse it too
    }
    keys.set(spki, k);
  }
  return k;
}

export const nodeSignatures: NativeSignatures = (algorithm, spki, data, sig) => {
  const hash = algorithm.name === 'ECDSA' ? OPENSSL_HASHES[algorithm.hash] : null;
  if (hash === undefined) return undefined; // a digest not mapped here: the portable code checks it
  const key = keyOf(spki);
  if (key?.asymmetricKeyType !== (algorithm.name === 'Ed448' ? 'ed448' : 'ec')) return false;
  try {
    return verify(hash, data, { key, dsaEncoding: 'der' }, sig);
  } catch {
    return false;
  }
};
