import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { NativeSignatures } from '../crypto/signature-check';

/**
 * Signatures node:crypto (OpenSSL) verifies for the portable verifier (../crypto/signature-check):
 * Ed448, through `crypto.verify`, which is stable (only WebCrypto's Ed448 is experimental) and
 * much cheaper than @noble's (0.2 ms of CPU against 5.4 warm; 1.8 against 119 on first use,
 * when @noble builds its tables). Keys are parsed once per SPKI object, as WebCrypto's imports are.
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
  if (algorithm !== 'Ed448') return undefined;
  const key = keyOf(spki);
  if (key?.asymmetricKeyType !== 'ed448') return false;
  try {
    return verify(null, data, key, sig);
  } catch {
    return false;
  }
};
