import { ed25519 } from '@noble/curves/ed25519.js';
import { ed448 } from '@noble/curves/ed448.js';
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { equalBytes } from '../bytes';
import { ECDSA_WITH, RSA_WITH, SIG_OID, UnsupportedAlgorithmError, digest, digestInfo, type DigestAlgorithm, type SignatureParams } from './algorithms';
import { asRsaEncryption, bigintOf, type PublicKeyInfo } from './public-key';

/**
 * Verifies `sig` over `data` with WebCrypto (`globalThis.crypto.subtle`: RSA PKCS#1 v1.5,
 * RSA-PSS, ECDSA on the NIST curves, Ed25519 where the runtime has it), and in JavaScript what
 * WebCrypto lacks: RSA with SHA-224/SHA-3/MD5 (one modular exponentiation), brainpool curves,
 * ECDSA over SHA-224 and SHA-3 digests, Ed448 (the last three natively when the platform
 * offers it: see useNativeSignatures). Throws UnsupportedAlgorithmError for the rest.
 */
export async function verifySignature(p: SignatureParams, key: PublicKeyInfo, data: Uint8Array, sig: Uint8Array): Promise<boolean> {
  if (p.sigOid === SIG_OID.ed25519 || p.sigOid === SIG_OID.ed448) return verifyEdDsa(p.sigOid, key, data, sig);
  const dg = digestInfo(p.digestOid);
  if (p.digestOid === '2.16.840.1.101.3.4.2.12') throw new UnsupportedAlgorithmError(`${dg.name} with ${p.sigOid}`);
  if (p.sigOid === SIG_OID.pss) return verifyPss(p, key, data, sig);
  const fixed = RSA_WITH[p.sigOid] ?? ECDSA_WITH[p.sigOid];
  if (fixed && fixed !== dg.name) throw new UnsupportedAlgorithmError(`signature algorithm ${p.sigOid} uses ${fixed} but the digest algorithm is ${dg.name}`);
  const known = p.sigOid === SIG_OID.rsa || p.sigOid in RSA_WITH || p.sigOid === SIG_OID.ec || p.sigOid in ECDSA_WITH;
  if (!known) throw new UnsupportedAlgorithmError(`signature algorithm ${p.sigOid} is not supported`);
  // The key decides between RSA and ECDSA, as with OpenSSL: signers that write rsaEncryption
  // for an ECDSA signature exist, and their signatures are valid for every other verifier.
  if (key.type === 'ec') return verifyEcdsa(dg, key, data, sig);
  return verifyRsa(dg, key, data, sig);
}

const subtle = () => globalThis.crypto.subtle;

/**
 * Signatures a platform verifies natively where the portable code runs in JavaScript (Ed448:
 * WebCrypto's is experimental; ECDSA on brainpool curves or with SHA-224/SHA-3, which WebCrypto
 * lacks: @noble's cost milliseconds each). It answers undefined for what it
 * does not take, and the portable code does. Set once per process (src/verify/node sets
 * Node's crypto), not per verification: verdicts are memoised on the certificates and CRLs
 * cached by content across verifications, so they must not depend on who asked first.
 */
export type NativeSignatures = (algorithm: NativeAlgorithm, spki: Uint8Array, data: Uint8Array, sig: Uint8Array) => boolean | undefined;

/** Ed448 over the data; ECDSA (DER signature) over the data's digest, named as in ./algorithms. */
export type NativeAlgorithm = { name: 'Ed448' } | { name: 'ECDSA'; hash: string };

let native: NativeSignatures | undefined;

export function useNativeSignatures(n: NativeSignatures | undefined): void {
  native = n;
}

/** Imported keys by SPKI object and algorithm: importing costs more than a verification. */
const imported = new WeakMap<Uint8Array, Map<string, Promise<CryptoKey>>>();

function importKey(spki: Uint8Array, alg: Parameters<SubtleCrypto['importKey']>[2]): Promise<CryptoKey> {
  let byAlg = imported.get(spki);
  if (!byAlg) imported.set(spki, (byAlg = new Map()));
  const id = JSON.stringify(alg);
  let k = byAlg.get(id);
  if (!k) byAlg.set(id, (k = subtle().importKey('spki', spki as Uint8Array<ArrayBuffer>, alg, false, ['verify'])));
  return k;
}

const buf = (b: Uint8Array) => b as Uint8Array<ArrayBuffer>;

async function verifyRsa(dg: DigestAlgorithm, key: PublicKeyInfo, data: Uint8Array, sig: Uint8Array): Promise<boolean> {
  if (key.type !== 'rsa' && key.type !== 'rsa-pss') return false;
  if (dg.subtle) {
    const k = await importKey(asRsaEncryption(key), { name: 'RSASSA-PKCS1-v1_5', hash: dg.subtle });
    return subtle().verify('RSASSA-PKCS1-v1_5', k, buf(sig), buf(data));
  }
  return rsaPkcs1(key, await digest(dg.oid, data), dg.oid, sig);
}

/** RSASSA-PKCS1-v1_5 by hand: s^e mod n must be 00 01 FF… 00 ‖ DigestInfo(oid, hash) (RFC 8017 §8.2.2). */
function rsaPkcs1(key: PublicKeyInfo, hash: Uint8Array, oid: string, sig: Uint8Array): boolean {
  const rsa = key.rsa;
  if (!rsa) return false;
  const k = Math.ceil(rsa.bits / 8);
  const s = bigintOf(sig)!;
  if (sig.length !== k || s >= rsa.n) return false;
  const m = modPow(s, rsa.e, rsa.n);
  const info = digestInfoDer(oid, hash);
  const em = new Uint8Array(k);
  em.set([0, 1]);
  em.fill(0xff, 2, k - info.length - 1);
  em.set(info, k - info.length);
  return k >= info.length + 11 && equalBytes(toBytes(m, k), em);
}

function modPow(b: bigint, e: bigint, n: bigint): bigint {
  let r = 1n;
  for (let x = b % n, y = e; y > 0n; y >>= 1n, x = (x * x) % n) if (y & 1n) r = (r * x) % n;
  return r;
}

function toBytes(v: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0 && v > 0n; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

/** DigestInfo ::= SEQUENCE { SEQUENCE { OID, NULL }, OCTET STRING } — all short lengths. */
function digestInfoDer(oid: string, hash: Uint8Array): Uint8Array {
  const arcs = oid.split('.').map(Number);
  const body = [arcs[0] * 40 + arcs[1]];
  for (const a of arcs.slice(2)) {
    const enc = [a & 0x7f];
    for (let v = a >> 7; v > 0; v >>= 7) enc.unshift((v & 0x7f) | 0x80);
    body.push(...enc);
  }
  const alg = [0x30, body.length + 4, 0x06, body.length, ...body, 0x05, 0x00];
  return new Uint8Array([0x30, alg.length + hash.length + 2, ...alg, 0x04, hash.length, ...hash]);
}

async function verifyPss(p: SignatureParams, key: PublicKeyInfo, data: Uint8Array, sig: Uint8Array): Promise<boolean> {
  if (key.type !== 'rsa' && key.type !== 'rsa-pss') return false;
  const hash = digestInfo(p.pss?.hashOid ?? p.digestOid);
  if (!hash.subtle) throw new UnsupportedAlgorithmError(`RSA-PSS with ${hash.name}`);
  const k = await importKey(asRsaEncryption(key), { name: 'RSA-PSS', hash: hash.subtle });
  return subtle().verify({ name: 'RSA-PSS', saltLength: p.pss?.saltLength ?? 20 }, k, buf(sig), buf(data));
}

const WEBCRYPTO_CURVES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };
const NOBLE_CURVES = { prime256v1: p256, secp384r1: p384, secp521r1: p521, brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } as const;

async function verifyEcdsa(dg: DigestAlgorithm, key: PublicKeyInfo, data: Uint8Array, sig: Uint8Array): Promise<boolean> {
  if (key.type !== 'ec') return false;
  const named = WEBCRYPTO_CURVES[key.curve ?? ''];
  if (named && dg.subtle) {
    const raw = ecdsaRaw(sig, named === 'P-521' ? 66 : named === 'P-384' ? 48 : 32);
    if (!raw) return false;
    const k = await importKey(key.spki, { name: 'ECDSA', namedCurve: named });
    return subtle().verify({ name: 'ECDSA', hash: dg.subtle }, k, buf(raw), buf(data));
  }
  const curve = NOBLE_CURVES[key.curve as keyof typeof NOBLE_CURVES];
  if (!curve) throw new UnsupportedAlgorithmError(`ECDSA on curve ${key.curve}`);
  const answer = native?.({ name: 'ECDSA', hash: dg.name }, key.spki, data, sig);
  if (answer !== undefined) return answer;
  const hash = await digest(dg.oid, data);
  try {
    return curve.verify(sig, hash, key.raw, { prehash: false, lowS: false, format: 'der' });
  } catch {
    return false;
  }
}

/**
 * ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (DER) → r ‖ s, each `size` bytes, as
 * WebCrypto takes them; null when it is not strict DER (as OpenSSL, which re-encodes, refuses).
 */
export function ecdsaRaw(der: Uint8Array, size: number): Uint8Array | null {
  if (der.length < 8 || der[0] !== 0x30) return null;
  let at = 2;
  let len = der[1];
  if (len === 0x81) [len, at] = [der[2], 3];
  else if (len > 0x80) return null;
  if (at + len !== der.length || (der[1] === 0x81 && len < 0x80)) return null;
  const out = new Uint8Array(size * 2);
  for (let i = 0; i < 2; i++) {
    if (der[at] !== 0x02) return null;
    const n = der[at + 1];
    const v = der.subarray(at + 2, at + 2 + n);
    if (n === 0 || n >= 0x80 || v.length !== n || v[0] & 0x80 || (n > 1 && v[0] === 0 && !(v[1] & 0x80))) return null;
    const digits = v[0] === 0 ? v.subarray(1) : v;
    if (digits.length > size) return null;
    out.set(digits, (i + 1) * size - digits.length);
    at += 2 + n;
  }
  return at === der.length ? out : null;
}

async function verifyEdDsa(oid: string, key: PublicKeyInfo, data: Uint8Array, sig: Uint8Array): Promise<boolean> {
  if (oid === SIG_OID.ed25519 && key.type === 'ed25519') {
    const k = await importKey(key.spki, { name: 'Ed25519' }).catch(() => null);
    if (k) return subtle().verify('Ed25519', k, buf(sig), buf(data));
    return safe(() => ed25519.verify(sig, data, key.raw));
  }
  if (oid === SIG_OID.ed448 && key.type === 'ed448') return native?.({ name: 'Ed448' }, key.spki, data, sig) ?? safe(() => ed448.verify(sig, data, key.raw));
  return false;
}

function safe(f: () => boolean): boolean {
  try {
    return f();
  } catch {
    return false;
  }
}
