import { createHash } from 'node:crypto';
import type { NativeDigests } from '../crypto/algorithms';

/** The portable code's SHA names (../crypto/algorithms) as OpenSSL's (./native-signatures too). */
export const OPENSSL_HASHES: Readonly<Record<string, string>> = {
  'SHA-1': 'sha1',
  'SHA-224': 'sha224',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
  'SHA3-256': 'sha3-256',
  'SHA3-384': 'sha3-384',
  'SHA3-512': 'sha3-512',
};

/** MD5 too, hashed only to recognise what signed with it (the portable ECDSA keeps it from signatures). */
const DIGESTS: Readonly<Record<string, string>> = { ...OPENSSL_HASHES, MD5: 'md5' };

/** RFC 8419: SHAKE256 with a 512-bit output (Ed448), as ../crypto/algorithms computes it. */
const SHAKE256_BYTES = 64;

/**
 * The digest port (../crypto/algorithms) on node:crypto: OpenSSL's hash, synchronously, fed
 * each ByteRange where it lies in the file instead of a joined copy. WebCrypto's digest copies
 * its input into a job run on the thread pool and answers through a promise; an LT document
 * hashes most of the file once per signature and time-stamp (dss-lt-short: 25 of them, 12 MB).
 * An algorithm OpenSSL refuses (MD5 under FIPS) goes back to the portable code.
 */
export const nodeDigests: NativeDigests = (name, parts) => {
  const hash = name === 'SHAKE256' ? newHash('shake256', SHAKE256_BYTES) : DIGESTS[name] && newHash(DIGESTS[name]);
  if (!hash) return undefined;
  for (const p of parts) hash.update(p);
  const out = hash.digest();
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
};

function newHash(openssl: string, outputLength?: number): ReturnType<typeof createHash> | undefined {
  try {
    return createHash(openssl, outputLength === undefined ? undefined : { outputLength });
  } catch {
    return undefined;
  }
}
