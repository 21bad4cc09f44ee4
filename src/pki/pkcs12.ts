import { createHash, createHmac, createPrivateKey, randomBytes, timingSafeEqual } from 'node:crypto';
import forge from 'node-forge';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import * as asn1js from 'asn1js';
import { ContentInfo, EncryptedContentInfo } from '@peculiar/asn1-cms';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { DigestInfo } from '@peculiar/asn1-rsa';
import * as pfx from '@peculiar/asn1-pfx';
import { HASH_LENGTHS, HASH_OIDS, hashNameFromOid, importSigningKey, subtle, toArrayBuffer, type HashName } from './crypto';
import { MalformedPkiDataError, WrongPinError } from './errors';
import { assertPinFormat } from './pin';

/**
 * PKCS#12 (RFC 7292) files: the only form in which private keys touch the disk.
 *
 * Writing: the key bag is PKCS#8 encrypted with PBES2 (PBKDF2-HMAC-SHA256 + AES-256-CBC, by
 * node:crypto/OpenSSL), certificates sit in a plain SafeContents (they are public), and the
 * whole is MAC'd with HMAC-SHA256 — the same choices as `openssl pkcs12 -export` in OpenSSL 3.
 * Reading: also the legacy algorithms real CAs and Windows exports still use
 * (pbeWithSHAAnd3-KeyTripleDES-CBC, RC2-40 for certificates, SHA-1 MAC), through node-forge's
 * PBE ciphers; the structure is walked here so that certificates keep their exact DER bytes.
 */

const OID_DATA = '1.2.840.113549.1.7.1';
const OID_ENCRYPTED_DATA = '1.2.840.113549.1.7.6';
const OID_FRIENDLY_NAME = '1.2.840.113549.1.9.20';
const OID_LOCAL_KEY_ID = '1.2.840.113549.1.9.21';
const MAC_ITERATIONS = 2048;

export interface Pkcs12Contents {
  /** PKCS#8 PrivateKeyInfo DER of the (single) private key. Keep it in memory only. */
  privateKeyPkcs8: Uint8Array;
  /** Every certificate in the file, DER, in file order. */
  certificates: Uint8Array[];
  friendlyName?: string;
}

export interface WritePkcs12Options {
  privateKey: CryptoKey;
  certificate: Uint8Array;
  chain?: Uint8Array[];
  pin: string;
  friendlyName?: string;
}

/** Seals a key and its certificates into a PKCS#12 file protected by `pin`. */
export async function writePkcs12(o: WritePkcs12Options): Promise<Uint8Array> {
  assertPinFormat(o.pin);
  const pkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', o.privateKey));
  const encryptedKey = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }).export({
    type: 'pkcs8',
    format: 'der',
    cipher: 'aes-256-cbc',
    passphrase: o.pin,
  });
  pkcs8.fill(0);
  const localKeyId = createHash('sha1').update(o.certificate).digest();
  const attrs = bagAttributes(localKeyId, o.friendlyName);
  const keyBag = new pfx.SafeBag({ bagId: pfx.id_pkcs8ShroudedKeyBag, bagValue: toArrayBuffer(encryptedKey), bagAttributes: attrs });
  const certBags = [o.certificate, ...(o.chain ?? [])].map((der, i) => certBag(der, i === 0 ? attrs : undefined));
  const authSafe = new pfx.AuthenticatedSafe([dataContentInfo(new pfx.SafeContents(certBags)), dataContentInfo(new pfx.SafeContents([keyBag]))]);
  const authSafeDer = new Uint8Array(AsnConvert.serialize(authSafe));
  const salt = randomBytes(16);
  const mac = computeMac('SHA-256', o.pin, salt, MAC_ITERATIONS, authSafeDer);
  const file = new pfx.PFX({
    version: 3,
    authSafe: new ContentInfo({ contentType: OID_DATA, content: AsnConvert.serialize(new OctetString(authSafeDer)) }),
    macData: new pfx.MacData({
      mac: new DigestInfo({ digestAlgorithm: new AlgorithmIdentifier({ algorithm: HASH_OIDS['SHA-256'], parameters: null }), digest: new OctetString(mac) }),
      macSalt: new OctetString(salt),
      iterations: MAC_ITERATIONS,
    }),
  });
  return new Uint8Array(AsnConvert.serialize(file));
}

/** Opens a PKCS#12 file. Wrong PIN → WrongPinError; not a PKCS#12 → MalformedPkiDataError. */
export function readPkcs12(bytes: Uint8Array, pin: string): Pkcs12Contents {
  const { authSafeDer } = macChecked(bytes, pin);
  const out: { keys: Uint8Array[]; certificates: Uint8Array[]; friendlyName?: string } = { keys: [], certificates: [] };
  for (const info of AsnConvert.parse(authSafeDer, pfx.AuthenticatedSafe)) {
    for (const bag of safeContentsOf(info, pin)) collectBag(bag, pin, out);
  }
  if (out.keys.length !== 1) throw new MalformedPkiDataError(`PKCS#12 with one private key (found ${out.keys.length})`);
  return { privateKeyPkcs8: out.keys[0], certificates: out.certificates, friendlyName: out.friendlyName };
}

/**
 * Does `pin` open this PKCS#12 file? Checked by its MAC alone (WrongPinError if not), without
 * decrypting the key; a file without a MAC is opened whole, the key then being the only check.
 */
export function checkPkcs12Pin(bytes: Uint8Array, pin: string): void {
  if (!macChecked(bytes, pin).hasMac) readPkcs12(bytes, pin);
}

/** The file's AuthenticatedSafe (DER), its MAC verified with `pin` when it has one. */
function macChecked(bytes: Uint8Array, pin: string): { authSafeDer: Uint8Array; hasMac: boolean } {
  assertPinFormat(pin);
  let file: pfx.PFX;
  try {
    file = AsnConvert.parse(bytes, pfx.PFX);
    if (file.authSafe.contentType !== OID_DATA) throw new Error('public-key integrity mode is not supported');
  } catch (e) {
    throw new MalformedPkiDataError('PKCS#12 file', e);
  }
  const authSafeDer = new Uint8Array(AsnConvert.parse(file.authSafe.content, OctetString).buffer);
  if (file.macData) verifyMac(file.macData, pin, authSafeDer);
  return { authSafeDer, hasMac: Boolean(file.macData) };
}

/** Imports the key of an opened file as a non-extractable WebCrypto signing key. */
export async function importPkcs12Key(contents: Pkcs12Contents): Promise<CryptoKey> {
  try {
    return await importSigningKey(contents.privateKeyPkcs8);
  } catch (e) {
    throw new MalformedPkiDataError('private key in the PKCS#12 file', e);
  }
}

function bagAttributes(localKeyId: Uint8Array, friendlyName?: string): pfx.PKCS12Attribute[] {
  // Object.assign: PKCS12Attribute's constructor ignores its params (asn1-pfx 2.x bug).
  const attr = (attrId: string, value: ArrayBuffer) => Object.assign(new pfx.PKCS12Attribute(), { attrId, attrValues: [value] });
  const attrs = [attr(OID_LOCAL_KEY_ID, AsnConvert.serialize(new OctetString(localKeyId)))];
  if (friendlyName) attrs.push(attr(OID_FRIENDLY_NAME, bmpString(friendlyName)));
  return attrs;
}

/** DER BMPString (UTF-16BE), which PKCS#9 friendlyName requires. */
function bmpString(text: string): ArrayBuffer {
  const body = Buffer.from(text.normalize('NFC'), 'utf16le').swap16();
  if (body.length > 127) throw new Error('friendly name too long');
  return toArrayBuffer(Buffer.concat([Buffer.from([0x1e, body.length]), body]));
}

function certBag(der: Uint8Array, attrs?: pfx.PKCS12Attribute[]): pfx.SafeBag {
  const bag = new pfx.CertBag({ certId: pfx.id_x509Certificate, certValue: AsnConvert.serialize(new OctetString(der)) });
  return new pfx.SafeBag({ bagId: pfx.id_certBag, bagValue: AsnConvert.serialize(bag), bagAttributes: attrs });
}

function dataContentInfo(contents: pfx.SafeContents): ContentInfo {
  return new ContentInfo({ contentType: OID_DATA, content: AsnConvert.serialize(new OctetString(AsnConvert.serialize(contents))) });
}

/** HMAC over the AuthenticatedSafe with a key from the PKCS#12 KDF (RFC 7292 B.2, ID 3). */
function computeMac(hash: HashName, pin: string, salt: Uint8Array, iterations: number, data: Uint8Array): Uint8Array {
  const name = hash.replace('-', '').toLowerCase();
  const key = pkcs12Kdf(name, pin, salt, iterations, HASH_LENGTHS[hash]);
  return new Uint8Array(createHmac(name, key).update(data).digest());
}

/** RFC 7292 Appendix B.2 with ID = 3 (MAC key); the password is BMPString with a NUL terminator. */
function pkcs12Kdf(hash: string, pin: string, salt: Uint8Array, iterations: number, length: number): Buffer {
  const v = hash === 'sha384' || hash === 'sha512' ? 128 : 64;
  const password = Buffer.concat([Buffer.from(pin, 'utf16le').swap16(), Buffer.alloc(2)]);
  const fill = (src: Uint8Array) => Buffer.from(Array.from({ length: v * Math.ceil(src.length / v) }, (_, i) => src[i % src.length]));
  const I = Buffer.concat([fill(salt), fill(password)]);
  const D = Buffer.alloc(v, 3);
  const out: Buffer[] = [];
  for (let produced = 0; produced < length; ) {
    let A = createHash(hash).update(D).update(I).digest();
    for (let r = 1; r < iterations; r++) A = createHash(hash).update(A).digest();
    out.push(A);
    produced += A.length;
    // I_j = (I_j + B + 1) mod 2^(8v), B = A repeated to v bytes: only needed for the next block.
    const B = fill(A);
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = I[j + k] + B[k] + carry;
        I[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(out).subarray(0, length);
}

function verifyMac(mac: pfx.MacData, pin: string, authSafeDer: Uint8Array): void {
  const hash = hashNameFromOid(mac.mac.digestAlgorithm.algorithm);
  if (!hash) throw new MalformedPkiDataError(`PKCS#12 MAC algorithm (unsupported ${mac.mac.digestAlgorithm.algorithm})`);
  const expected = new Uint8Array(mac.mac.digest.buffer);
  const actual = computeMac(hash, pin, new Uint8Array(mac.macSalt.buffer), mac.iterations, authSafeDer);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw new WrongPinError();
}

function safeContentsOf(info: ContentInfo, pin: string): pfx.SafeContents {
  if (info.contentType === OID_DATA) {
    return AsnConvert.parse(AsnConvert.parse(info.content, OctetString).buffer, pfx.SafeContents);
  }
  if (info.contentType === OID_ENCRYPTED_DATA) {
    const enc = encryptedContentInfoOf(info.content);
    const cipherText = enc.encryptedContent?.value?.buffer ?? enc.encryptedContent?.constructedValue?.map((o) => Buffer.from(o.buffer));
    if (!cipherText) throw new MalformedPkiDataError('PKCS#12 encrypted safe (no content)');
    const joined = Array.isArray(cipherText) ? Buffer.concat(cipherText) : Buffer.from(cipherText);
    const plain = pbeDecrypt(enc.contentEncryptionAlgorithm, pin, joined);
    return AsnConvert.parse(plain, pfx.SafeContents);
  }
  throw new MalformedPkiDataError(`PKCS#12 safe of type ${info.contentType} (public-key encrypted safes are not supported)`);
}

/** EncryptedData ::= SEQUENCE { version, encryptedContentInfo, ... } (no class for it in asn1-cms). */
function encryptedContentInfoOf(content: ArrayBuffer): EncryptedContentInfo {
  const parsed = asn1js.fromBER(content);
  const seq = parsed.result as asn1js.Sequence;
  const inner = parsed.offset !== -1 ? seq.valueBlock?.value?.[1] : undefined;
  if (!inner) throw new MalformedPkiDataError('PKCS#12 encrypted safe');
  return AsnConvert.parse(inner.toBER(), EncryptedContentInfo);
}

/** Decrypts with forge's PBE ciphers (PBES2, PKCS#12 3DES and RC2-40); padding failure = wrong PIN. */
function pbeDecrypt(alg: AlgorithmIdentifier, pin: string, cipherText: Uint8Array): Uint8Array {
  const params = forge.asn1.fromDer(forge.util.binary.raw.encode(new Uint8Array(alg.parameters ?? new ArrayBuffer(0))));
  const pbe = (forge.pki as unknown as { pbe: { getCipher(oid: string, params: forge.asn1.Asn1, pw: string): forge.cipher.BlockCipher } }).pbe;
  let cipher: forge.cipher.BlockCipher;
  try {
    cipher = pbe.getCipher(alg.algorithm, params, pin);
  } catch (e) {
    throw new MalformedPkiDataError('PKCS#12 encryption algorithm', e);
  }
  cipher.update(forge.util.createBuffer(forge.util.binary.raw.encode(cipherText)));
  if (!cipher.finish()) throw new WrongPinError();
  return forge.util.binary.raw.decode(cipher.output.getBytes());
}

function collectBag(bag: pfx.SafeBag, pin: string, out: { keys: Uint8Array[]; certificates: Uint8Array[]; friendlyName?: string }): void {
  if (bag.bagId === pfx.id_certBag) {
    const cert = AsnConvert.parse(bag.bagValue, pfx.CertBag);
    if (cert.certId === pfx.id_x509Certificate) out.certificates.push(new Uint8Array(AsnConvert.parse(cert.certValue, OctetString).buffer));
  } else if (bag.bagId === pfx.id_keyBag) {
    out.keys.push(new Uint8Array(bag.bagValue));
  } else if (bag.bagId === pfx.id_pkcs8ShroudedKeyBag) {
    out.keys.push(decryptKeyBag(new Uint8Array(bag.bagValue), pin));
    out.friendlyName ??= friendlyNameOf(bag);
  }
}

function decryptKeyBag(encrypted: Uint8Array, pin: string): Uint8Array {
  try {
    // OpenSSL (PBES2 with any PRF, PKCS#12 3DES) is ~15× faster than forge's pure-JS PBKDF2.
    const key = createPrivateKey({ key: Buffer.from(encrypted), format: 'der', type: 'pkcs8', passphrase: pin });
    return new Uint8Array(key.export({ type: 'pkcs8', format: 'der' }));
  } catch {
    // Algorithms OpenSSL 3 keeps in its legacy provider (RC2…), or a wrong PIN: forge decides.
  }
  const asn = forge.asn1.fromDer(forge.util.binary.raw.encode(encrypted));
  let info: forge.asn1.Asn1 | null;
  try {
    info = forge.pki.decryptPrivateKeyInfo(asn, pin);
  } catch (e) {
    throw new MalformedPkiDataError('PKCS#12 key bag', e);
  }
  if (!info) throw new WrongPinError();
  return forge.util.binary.raw.decode(forge.asn1.toDer(info).getBytes());
}

function friendlyNameOf(bag: pfx.SafeBag): string | undefined {
  const value = bag.bagAttributes?.find((a) => a.attrId === OID_FRIENDLY_NAME)?.attrValues[0];
  if (!value) return undefined;
  const der = Buffer.from(value);
  if (der[0] !== 0x1e || der[1] >= 0x80) return undefined;
  return Buffer.from(der.subarray(2, 2 + der[1])).swap16().toString('utf16le');
}
