import { createHash, createPrivateKey, KeyObject, randomBytes, sign as nodeSign, webcrypto } from 'node:crypto';

/**
 * Key algorithms, hashing and raw signing shared by the CA, the TSA and the OCSP responder.
 *
 * Keys live as WebCrypto CryptoKeys (what @peculiar/x509 and pkijs want); raw CMS/OCSP
 * signatures go through node:crypto with `dsaEncoding: 'der'` because WebCrypto's ECDSA
 * output (IEEE P1363 r||s) is not what CMS and OCSP carry.
 */

export const subtle = webcrypto.subtle;
export type KeyPair = webcrypto.CryptoKeyPair;
type RsaHashedImportParams = webcrypto.RsaHashedImportParams;
type EcKeyImportParams = webcrypto.EcKeyImportParams;
type EcdsaParams = webcrypto.EcdsaParams;
type Algorithm = webcrypto.Algorithm;

/**
 * RSA-3072 is the default: it is what Vietnamese public CAs issue to officials in practice
 * (RSA on USB tokens), so the demo exercises the same path as real imported PKCS#12 files,
 * and 3072 bits gives 128-bit security past 2030 (NIST SP 800-57). ECDSA-P256 is offered
 * because its keys generate in microseconds: tests that need many hierarchies use it.
 */
export type KeyAlgorithmName = 'RSA-3072' | 'ECDSA-P256';

export const DEFAULT_KEY_ALGORITHM: KeyAlgorithmName = 'RSA-3072';

export function webAlgorithm(name: KeyAlgorithmName): RsaHashedImportParams | EcKeyImportParams {
  return name === 'RSA-3072'
    ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
    : { name: 'ECDSA', namedCurve: 'P-256' };
}

/** Signing algorithm for @peculiar/x509 (certificates, CRLs): always SHA-256. */
export function x509SigningAlgorithm(name: KeyAlgorithmName): Algorithm | EcdsaParams {
  return name === 'RSA-3072' ? { name: 'RSASSA-PKCS1-v1_5' } : ({ name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams);
}

/** The same, for a key already made (an issuer's key signs with its own algorithm). */
export function x509SigningAlgorithmFor(key: CryptoKey): Algorithm | EcdsaParams {
  return x509SigningAlgorithm(key.algorithm.name === 'ECDSA' ? 'ECDSA-P256' : 'RSA-3072');
}

export async function generateKeyPair(name: KeyAlgorithmName): Promise<KeyPair> {
  const params =
    name === 'RSA-3072'
      ? { name: 'RSASSA-PKCS1-v1_5', modulusLength: 3072, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }
      : { name: 'ECDSA', namedCurve: 'P-256' };
  // Extractable only so that the private key can be sealed into PKCS#12 right after generation.
  return (await subtle.generateKey(params, true, ['sign', 'verify'])) as KeyPair;
}

/** PKCS#8 DER → non-extractable signing CryptoKey (RSA PKCS#1 v1.5 or ECDSA, SHA-256). */
export async function importSigningKey(pkcs8: Uint8Array, extractable = false): Promise<CryptoKey> {
  const keyObject = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  const type = keyObject.asymmetricKeyType;
  let algorithm: RsaHashedImportParams | EcKeyImportParams;
  if (type === 'rsa') algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  else if (type === 'ec') {
    const curve = keyObject.asymmetricKeyDetails?.namedCurve;
    const named = curve === 'prime256v1' ? 'P-256' : curve === 'secp384r1' ? 'P-384' : curve === 'secp521r1' ? 'P-521' : undefined;
    if (!named) throw new Error(`unsupported EC curve ${curve}`);
    algorithm = { name: 'ECDSA', namedCurve: named };
  } else throw new Error(`unsupported key type ${type}`);
  const copy = new Uint8Array(toArrayBuffer(pkcs8));
  try {
    return await subtle.importKey('pkcs8', copy, algorithm, extractable, ['sign']);
  } finally {
    copy.fill(0);
  }
}

/**
 * Signs `data` with SHA-256 and returns the signature as CMS/X.509 carry it
 * (RSA: PKCS#1 v1.5 block; ECDSA: DER SEQUENCE{r,s}).
 */
export function signSha256(key: CryptoKey, data: Uint8Array): Uint8Array {
  return new Uint8Array(nodeSign('sha256', data, { key: KeyObject.from(key), dsaEncoding: 'der' }));
}

/** AlgorithmIdentifier OIDs for the signatures that signSha256 makes. */
export function signatureOid(key: CryptoKey): { oid: string; nullParams: boolean } {
  return key.algorithm.name === 'ECDSA'
    ? { oid: '1.2.840.10045.4.3.2', nullParams: false } // ecdsa-with-SHA256
    : { oid: '1.2.840.113549.1.1.11', nullParams: true }; // sha256WithRSAEncryption
}

export type HashName = 'SHA-256' | 'SHA-384' | 'SHA-512' | 'SHA-1';

export const HASH_OIDS: Record<HashName, string> = {
  'SHA-1': '1.3.14.3.2.26',
  'SHA-256': '2.16.840.1.101.3.4.2.1',
  'SHA-384': '2.16.840.1.101.3.4.2.2',
  'SHA-512': '2.16.840.1.101.3.4.2.3',
};

export const HASH_LENGTHS: Record<HashName, number> = { 'SHA-1': 20, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

export function hashNameFromOid(oid: string): HashName | undefined {
  return (Object.keys(HASH_OIDS) as HashName[]).find((k) => HASH_OIDS[k] === oid);
}

export function digest(hash: HashName, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash(hash.replace('-', '').toLowerCase()).update(data).digest());
}

export function sha256Hex(data: Uint8Array): string {
  return Buffer.from(digest('SHA-256', data)).toString('hex');
}

/** A positive, non-zero 128-bit serial number (RFC 5280 §4.1.2.2 allows up to 20 octets). */
export function randomSerial(): Uint8Array {
  const bytes = new Uint8Array(randomBytes(16));
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return bytes;
}

export function toHex(bytes: Uint8Array | ArrayBuffer): string {
  return Buffer.from(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes).toString('hex');
}

/** Lower-case hex of an INTEGER without leading zero bytes, so '00ab…' and 'AB…' compare equal. */
export function normaliseSerial(hex: string): string {
  return hex.toLowerCase().replace(/^(00)+(?=.)/, '');
}

/** Copies into a fresh ArrayBuffer (asn1 libraries want ArrayBuffer, not Buffer views). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
