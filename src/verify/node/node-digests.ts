import { createHash } from 'node:crypto';
import type { NativeDigests } from '../crypto/algorithms';
import { hashFirstPart } from './prefix-hashes';

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
 * hashes most of the file once per signature and time-stamp (dss-lt-short: 25 of them, 12 MB),
 * and resumes from the prefix of the file already hashed where it can (./prefix-hashes).
 * An algorithm OpenSSL refuses (MD5 under FIPS) goes back to the portable code.
 */
export const nodeDigests: NativeDigests = (name, parts) => {
  const openssl = name === 'SHAKE256' ? 'shake256' : DIGESTS[name];
  const options = name === 'SHAKE256' ? { outputLength: SHAKE256_BYTES } : undefined;
  if (!openssl || !canHash(openssl)) return undefined;
  if (!parts.length) return bytesOf(createHash(openssl, options).digest());
  const hash = hashFirstPart(name, parts[0], () => createHash(openssl, options), (h) => h.copy(options));
  for (let i = 1; i < parts.length; i++) hash.update(parts[i]);
  return bytesOf(hash.digest());
};

const bytesOf = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.length);

/** Whether OpenSSL hashes with `openssl` here (not MD5 under FIPS), asked once per algorithm. */
const usable = new Map<string, boolean>();

function canHash(openssl: string): boolean {
  let ok = usable.get(openssl);
  if (ok === undefined) {
    try {
      createHash(openssl);
      ok = true;
    } catch {
      ok = false;
    }
    usable.set(openssl, ok);
  }
  return ok;
}
