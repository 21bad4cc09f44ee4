import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { SIG_OID } from './algorithms';

/**
 * A certificate's public key as the checks need it: its SubjectPublicKeyInfo DER (what
 * WebCrypto imports), the raw key (an EC point, an EdDSA key) and, for the algorithm policy,
 * the RSA modulus size or the curve, named as OpenSSL names them.
 */
export interface PublicKeyInfo {
  type: 'rsa' | 'rsa-pss' | 'ec' | 'ed25519' | 'ed448' | 'unknown';
  spki: Uint8Array;
  /** The subjectPublicKey BIT STRING's contents. */
  raw: Uint8Array;
  /** RSA modulus and exponent. */
  rsa?: { n: bigint; e: bigint; bits: number };
  /** Curve name (prime256v1, secp384r1, brainpoolP256r1…), or the OID when not known. */
  curve?: string;
}

const CURVES: Record<string, string> = {
  '1.2.840.10045.3.1.1': 'prime192v1',
  '1.3.132.0.33': 'secp224r1',
  '1.2.840.10045.3.1.7': 'prime256v1',
  '1.3.132.0.34': 'secp384r1',
  '1.3.132.0.35': 'secp521r1',
  '1.3.36.3.3.2.8.1.1.7': 'brainpoolP256r1',
  '1.3.36.3.3.2.8.1.1.11': 'brainpoolP384r1',
  '1.3.36.3.3.2.8.1.1.13': 'brainpoolP512r1',
};

export function publicKeyInfo(spki: pkijs.PublicKeyInfo): PublicKeyInfo {
  const oid = spki.algorithm.algorithmId;
  const out: PublicKeyInfo = { type: 'unknown', spki: new Uint8Array(spki.toSchema().toBER()), raw: new Uint8Array(spki.subjectPublicKey.valueBlock.valueHexView) };
  if (oid === SIG_OID.rsa || oid === SIG_OID.pss) {
    out.type = oid === SIG_OID.rsa ? 'rsa' : 'rsa-pss';
    out.rsa = rsaKey(out.raw);
  } else if (oid === SIG_OID.ec) {
    out.type = 'ec';
    const params = spki.algorithm.algorithmParams as asn1js.ObjectIdentifier | undefined;
    const curveOid = params instanceof asn1js.ObjectIdentifier ? params.valueBlock.toString() : 'explicit parameters';
    out.curve = CURVES[curveOid] ?? curveOid;
  } else if (oid === SIG_OID.ed25519) out.type = 'ed25519';
  else if (oid === SIG_OID.ed448) out.type = 'ed448';
  return out;
}

/** RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } */
function rsaKey(raw: Uint8Array): PublicKeyInfo['rsa'] {
  const asn = asn1js.fromBER(raw.slice().buffer);
  const seq = asn.result as asn1js.Sequence;
  const [n, e] = (seq.valueBlock?.value ?? []).map((x) => bigintOf((x as asn1js.Integer).valueBlock?.valueHexView));
  if (asn.offset === -1 || n === undefined || e === undefined) return undefined;
  return { n, e, bits: n.toString(2).length };
}

export function bigintOf(b: Uint8Array | undefined): bigint | undefined {
  if (!b) return undefined;
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

/** The same key with the rsaEncryption OID, which every WebCrypto imports (an id-RSASSA-PSS key may not be). */
export function asRsaEncryption(k: PublicKeyInfo): Uint8Array {
  if (k.type !== 'rsa-pss') return k.spki;
  const spki = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: SIG_OID.rsa }), new asn1js.Null()] }),
      new asn1js.BitString({ valueHex: k.raw.slice().buffer }),
    ],
  });
  return new Uint8Array(spki.toBER());
}
