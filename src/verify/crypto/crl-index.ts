import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toHex } from '../bytes';
import { toAB } from './certificate';
import { ContentCache } from './content-cache';
import { children, tlv, type Tlv } from './der';
import { canonicalName } from './names';
import type { PublicKeyInfo } from './public-key';
import { verifyX509Signature } from './x509-signature';

/**
 * A CRL read once and looked up by serial number. A CA's CRL can list tens of thousands of
 * certificates, and the same CRL recurs in every signature and DSS of an LT document: building
 * an ASN.1 object tree for every entry, on every verification, cost more than everything else.
 * Here the DER is walked once (no tree), the entries are indexed by serial, and only a hit's date
 * is decoded. Indexes are kept by the SHA-256 of the CRL across verifications (./content-cache),
 * as is whether a CA's key verifies the CRL's signature (checked once per CRL and key).
 */
export interface CrlIndex {
  /** The issuer name in canonical form (./names). */
  issuerKey: string;
  /** Revocation date of a serial (hex of the INTEGER's content bytes), or undefined. */
  revokedAt(serialHex: string): Date | undefined;
  signedBy(key: PublicKeyInfo, keyId: string): Promise<boolean>;
}

const SEQ = 0x30;
const isTime = (t: Tlv | undefined) => t?.tag === 0x17 || t?.tag === 0x18;

/** Parses the CRL's frame; throws when it is not a CertificateList. */
export function indexCrl(input: Uint8Array): CrlIndex {
  // A copy when the CRL is a view into something larger (a whole PDF the cache must not keep).
  const der = input.byteLength === input.buffer.byteLength ? input : input.slice();
  const bad = () => new Error('not a DER CertificateList');
  const outer = tlv(der, 0, der.length);
  const top = outer?.tag === SEQ ? children(der, outer) : null;
  if (!top || top.length !== 3 || top[0].tag !== SEQ || top[1].tag !== SEQ || top[2].tag !== 0x03) throw bad();
  const tbs = children(der, top[0]);
  if (!tbs) throw bad();
  let i = tbs[0]?.tag === 0x02 ? 1 : 0; // version
  const issuer = tbs[i + 1];
  if (tbs[i]?.tag !== SEQ || issuer?.tag !== SEQ || !isTime(tbs[i + 2])) throw bad();
  i += 3;
  if (isTime(tbs[i])) i++; // nextUpdate
  const entries = tbs[i]?.tag === SEQ ? tbs[i] : null;
  const issuerKey = canonicalName(new pkijs.RelativeDistinguishedNames({ schema: asn1(der, issuer) }));
  const alg = new pkijs.AlgorithmIdentifier({ schema: asn1(der, top[1]) });
  const sig = asn1(der, top[2]) as asn1js.BitString;
  const signed = der.subarray(top[0].start, top[0].end);
  let serials: Map<string, number> | undefined;
  const verdicts = new Map<string, Promise<boolean>>();
  return {
    issuerKey,
    revokedAt(serialHex) {
      serials ??= entries ? serialOffsets(der, entries) : new Map();
      const at = serials.get(serialHex);
      return at === undefined ? undefined : (asn1(der, tlv(der, at, der.length)!) as asn1js.UTCTime).toDate();
    },
    signedBy(key, keyId) {
      let v = verdicts.get(keyId);
      if (!v) verdicts.set(keyId, (v = verifyX509Signature(alg, signed, sig, key)));
      return v;
    },
  };
}

/** revokedCertificates: serial (hex) → offset of its revocationDate. */
function serialOffsets(der: Uint8Array, list: Tlv): Map<string, number> {
  const out = new Map<string, number>();
  for (let at = list.body; at < list.end; ) {
    const entry = tlv(der, at, list.end);
    if (!entry) break;
    const serial = tlv(der, entry.body, entry.end);
    if (serial?.tag === 0x02 && serial.end < entry.end) {
      const key = toHex(der.subarray(serial.body, serial.end));
      if (!out.has(key)) out.set(key, serial.end);
    }
    at = entry.end;
  }
  return out;
}

function asn1(der: Uint8Array, t: Tlv): asn1js.AsnType {
  const r = asn1js.fromBER(toAB(der.subarray(t.start, t.end)));
  if (r.offset === -1) throw new Error(`CRL element unreadable: ${r.result.error}`);
  return r.result;
}

const indexes = new ContentCache<CrlIndex | null>(64);

/** The CRL's index, or null when it is not a readable CRL. */
export function crlIndex(der: Uint8Array): CrlIndex | null {
  return indexes.get(der, () => {
    try {
      return indexCrl(der);
    } catch {
      return null;
    }
  });
}
