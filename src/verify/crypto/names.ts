import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { toHex } from '../bytes';
import { ECDSA_WITH, RSA_WITH, SIG_OID } from './algorithms';
import type { Cert } from './certificate';

/**
 * Distinguished names and the "may this CA have issued that certificate" test that OpenSSL's
 * X509_check_issued makes before any signature is checked: the names match, the authority key
 * identifier (when both sides have one) names the issuer's key, the issuer's key usage allows
 * certificate signing, and the signature algorithm fits the issuer's key.
 */

/** One string per name for comparison: string values trimmed, spaces folded, lower-cased (RFC 5280 §7.1, simplified). */
export function canonicalName(n: pkijs.RelativeDistinguishedNames): string {
  return n.typesAndValues.map((t) => `${t.type}=${canonicalValue(t.value)}`).join('\u0000');
}

function canonicalValue(v: unknown): string {
  const s = (v as { valueBlock?: { value?: unknown } }).valueBlock?.value;
  if (typeof s === 'string') return `s:${s.trim().replace(/ +/g, ' ').toLowerCase()}`;
  return `x:${toHex(new Uint8Array((v as asn1js.BaseBlock).valueBeforeDecodeView ?? new Uint8Array(0)))}`;
}

const SHORT: Record<string, string> = {
  '2.5.4.3': 'CN', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST', '2.5.4.10': 'O', '2.5.4.11': 'OU',
  '2.5.4.5': 'serialNumber', '2.5.4.97': 'organizationIdentifier', '1.2.840.113549.1.9.1': 'emailAddress',
};

/** "C=VN\nO=…\nCN=…", one attribute a line in certificate order (the form OpenSSL prints). */
export function nameText(n: pkijs.RelativeDistinguishedNames): string {
  return n.typesAndValues
    .map((t) => {
      const v = (t.value as { valueBlock?: { value?: unknown } }).valueBlock?.value;
      return `${SHORT[t.type] ?? t.type}=${typeof v === 'string' ? v : toHex(new Uint8Array((t.value as asn1js.BaseBlock).valueBeforeDecodeView))}`;
    })
    .join('\n');
}

export function issuerMatches(subject: Cert, issuer: Cert): boolean {
  if (subject.issuerKey !== issuer.subjectKey) return false;
  const aki = subject.extension('2.5.29.35')?.parsedValue as pkijs.AuthorityKeyIdentifier | undefined;
  const ski = issuer.subjectKeyId;
  if (aki?.keyIdentifier && ski && toHex(aki.keyIdentifier.valueBlock.valueHexView) !== toHex(ski)) return false;
  if (aki?.authorityCertSerialNumber && !aki.authorityCertSerialNumber.isEqual(issuer.pk.serialNumber)) return false;
  const ku = issuer.keyUsage;
  if (ku && !ku.has('keyCertSign')) return false;
  return algorithmFitsKey(subject.pk.signatureAlgorithm.algorithmId, issuer);
}

function algorithmFitsKey(sigOid: string, issuer: Cert): boolean {
  const t = issuer.publicKey.type;
  if (sigOid in RSA_WITH || sigOid === SIG_OID.pss || sigOid === SIG_OID.rsa) return t === 'rsa' || t === 'rsa-pss';
  if (sigOid in ECDSA_WITH) return t === 'ec';
  if (sigOid === SIG_OID.ed25519) return t === 'ed25519';
  if (sigOid === SIG_OID.ed448) return t === 'ed448';
  return true; // unknown algorithms fail at the signature check, with their name
}
