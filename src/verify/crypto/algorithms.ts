import { constants, createHash, verify as nodeVerify, type KeyObject } from 'node:crypto';

/**
 * Digest and signature algorithms by OID, checked with Node's crypto (OpenSSL) so that RSA,
 * RSA-PSS, ECDSA, Ed25519 and Ed448 all go through one well-kept implementation. An OID not
 * listed here is reported as unsupported by name, never silently treated as valid or invalid.
 */
const DIGESTS: Record<string, { name: string; node: string; outputLength?: number }> = {
  '1.3.14.3.2.26': { name: 'SHA-1', node: 'sha1' },
  '2.16.840.1.101.3.4.2.4': { name: 'SHA-224', node: 'sha224' },
  '2.16.840.1.101.3.4.2.1': { name: 'SHA-256', node: 'sha256' },
  '2.16.840.1.101.3.4.2.2': { name: 'SHA-384', node: 'sha384' },
  '2.16.840.1.101.3.4.2.3': { name: 'SHA-512', node: 'sha512' },
  '2.16.840.1.101.3.4.2.8': { name: 'SHA3-256', node: 'sha3-256' },
  '2.16.840.1.101.3.4.2.9': { name: 'SHA3-384', node: 'sha3-384' },
  '2.16.840.1.101.3.4.2.10': { name: 'SHA3-512', node: 'sha3-512' },
  // RFC 8419: SHAKE256 with a 512-bit output when used with Ed448.
  '2.16.840.1.101.3.4.2.12': { name: 'SHAKE256', node: 'shake256', outputLength: 64 },
  '1.2.840.113549.2.5': { name: 'MD5', node: 'md5' },
};

/** Signature OIDs that fix their digest; the SignerInfo's digestAlgorithm must agree. */
const RSA_WITH: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};
const ECDSA_WITH: Record<string, string> = {
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.1': 'sha224',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};
const OID_RSA = '1.2.840.113549.1.1.1';
const OID_PSS = '1.2.840.113549.1.1.10';
const OID_EC = '1.2.840.10045.2.1';
const OID_ED25519 = '1.3.101.112';
const OID_ED448 = '1.3.101.113';

export class UnsupportedAlgorithmError extends Error {}

export function digestInfo(oid: string): { name: string; node: string; outputLength?: number } {
  const d = DIGESTS[oid];
  if (!d) throw new UnsupportedAlgorithmError(`digest algorithm ${oid} is not a known digest algorithm`);
  return d;
}

export function digest(oid: string, parts: Uint8Array | Uint8Array[]): Buffer {
  const d = digestInfo(oid);
  const h = createHash(d.node, d.outputLength ? { outputLength: d.outputLength } : undefined);
  for (const p of Array.isArray(parts) ? parts : [parts]) h.update(p);
  return h.digest();
}

export interface SignatureParams {
  sigOid: string;
  digestOid: string;
  /** RSASSA-PSS parameters when sigOid is id-RSASSA-PSS. */
  pss?: { hashOid: string; saltLength: number };
}

export function signatureAlgorithmName(p: SignatureParams): string {
  if (p.sigOid === OID_ED25519) return 'Ed25519';
  if (p.sigOid === OID_ED448) return 'Ed448';
  const h = DIGESTS[p.digestOid]?.name ?? p.digestOid;
  if (p.sigOid === OID_PSS) return `RSA-PSS with ${DIGESTS[p.pss?.hashOid ?? '']?.name ?? h}`;
  if (p.sigOid === OID_RSA || p.sigOid in RSA_WITH) return `RSA with ${h}`;
  if (p.sigOid === OID_EC || p.sigOid in ECDSA_WITH) return `ECDSA with ${h}`;
  return p.sigOid;
}

/** Verifies `sig` over `data`; throws UnsupportedAlgorithmError for algorithms not handled. */
export function verifySignature(p: SignatureParams, key: KeyObject, data: Uint8Array, sig: Uint8Array): boolean {
  if (p.sigOid === OID_ED25519 || p.sigOid === OID_ED448) return nodeVerify(null, data, key, sig);
  const dg = digestInfo(p.digestOid);
  if (dg.outputLength) throw new UnsupportedAlgorithmError(`${dg.name} with ${p.sigOid}`);
  if (p.sigOid === OID_PSS) {
    const hash = digestInfo(p.pss?.hashOid ?? p.digestOid).node;
    return nodeVerify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: p.pss?.saltLength ?? 20 }, sig);
  }
  const fixed = RSA_WITH[p.sigOid] ?? ECDSA_WITH[p.sigOid];
  if (fixed && fixed !== dg.node) throw new UnsupportedAlgorithmError(`signature algorithm ${p.sigOid} uses ${fixed} but the digest algorithm is ${dg.name}`);
  if (p.sigOid === OID_RSA || p.sigOid in RSA_WITH) return nodeVerify(dg.node, data, { key, padding: constants.RSA_PKCS1_PADDING }, sig);
  if (p.sigOid === OID_EC || p.sigOid in ECDSA_WITH) return nodeVerify(dg.node, data, { key, dsaEncoding: 'der' }, sig);
  throw new UnsupportedAlgorithmError(`signature algorithm ${p.sigOid} is not supported`);
}

/** Parameters for an X.509-style signature (certificate, CRL, OCSP) whose OID fixes the digest. */
export function paramsForSignatureOid(sigOid: string, pss?: { hashOid: string; saltLength: number }): SignatureParams {
  const byNode = Object.entries(DIGESTS).find(([, d]) => d.node === (RSA_WITH[sigOid] ?? ECDSA_WITH[sigOid]))?.[0];
  if (sigOid === OID_PSS && pss) return { sigOid, digestOid: pss.hashOid, pss };
  if (sigOid === OID_ED25519 || sigOid === OID_ED448) return { sigOid, digestOid: '' };
  if (!byNode) throw new UnsupportedAlgorithmError(`signature algorithm ${sigOid} is not supported`);
  return { sigOid, digestOid: byNode };
}
