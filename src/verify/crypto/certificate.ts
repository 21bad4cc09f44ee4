import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toHex } from '../bytes';
import { sha256Hex } from './algorithms';
import { paddedInteger } from './der';
import { canonicalName, issuerMatches, nameText } from './names';
import { publicKeyInfo, type PublicKeyInfo } from './public-key';
import { verifyX509Signature } from './x509-signature';

/**
 * One certificate, parsed by pkijs from its original DER (nothing re-encoded): names,
 * validity, extensions, its public key, and the issuer check (names, key identifiers, then the
 * signature through WebCrypto), as OpenSSL's X509_check_issued and X509_verify make them.
 */
export class Cert {
  readonly pk: pkijs.Certificate;
  /** SHA-256 of the DER, hex. */
  readonly fingerprint: string;

  constructor(readonly der: Uint8Array, fingerprint = sha256Hex(der)) {
    const padded = paddedInteger(der);
    if (padded !== null) throw new Error(`certificate is not DER: INTEGER at offset ${padded} is padded`);
    this.pk = pkijs.Certificate.fromBER(toAB(der));
    this.fingerprint = fingerprint;
  }

  // Computed on first use: a DSS may carry hundreds of certificates that no path reaches.
  private key?: PublicKeyInfo;
  private names?: { subject: string; issuer: string };

  get publicKey(): PublicKeyInfo {
    return (this.key ??= publicKeyInfo(this.pk.subjectPublicKeyInfo));
  }

  /** Names compared as X.500 says (case and spacing of strings ignored), computed once. */
  get subjectKey(): string {
    return (this.names ??= { subject: canonicalName(this.pk.subject), issuer: canonicalName(this.pk.issuer) }).subject;
  }

  get issuerKey(): string {
    return (this.names ??= { subject: canonicalName(this.pk.subject), issuer: canonicalName(this.pk.issuer) }).issuer;
  }

  get subject(): string {
    return nameText(this.pk.subject);
  }

  /** A display name: CN, else O, else the whole subject. Always NFC. */
  get commonName(): string {
    return (attr(this.pk.subject, '2.5.4.3') ?? attr(this.pk.subject, '2.5.4.10') ?? this.subject).normalize('NFC');
  }

  get organisation(): string | null {
    return attr(this.pk.subject, '2.5.4.10')?.normalize('NFC') ?? null;
  }

  get notBefore(): Date {
    return this.pk.notBefore.value;
  }

  get notAfter(): Date {
    return this.pk.notAfter.value;
  }

  get serialHex(): string {
    return toHex(this.pk.serialNumber.valueBlock.valueHexView).replace(/^(00)+(?=.)/, '');
  }

  extension(oid: string): pkijs.Extension | undefined {
    return this.pk.extensions?.find((e) => e.extnID === oid);
  }

  get subjectKeyId(): Uint8Array | undefined {
    const e = this.extension('2.5.29.14');
    const v = e?.parsedValue as asn1js.OctetString | undefined;
    return v?.valueBlock?.valueHexView;
  }

  get isCA(): boolean {
    const bc = this.extension('2.5.29.19')?.parsedValue as pkijs.BasicConstraints | undefined;
    return !!bc?.cA;
  }

  /** KeyUsage bits as named flags, or null when the extension is absent (no restriction). */
  get keyUsage(): Set<string> | null {
    const e = this.extension('2.5.29.15');
    const bits = e?.parsedValue as asn1js.BitString | undefined;
    if (!bits) return null;
    const names = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];
    const view = bits.valueBlock.valueHexView;
    const out = new Set<string>();
    names.forEach((n, i) => {
      if (view[i >> 3] & (0x80 >> (i & 7))) out.add(n);
    });
    return out;
  }

  get extKeyUsage(): string[] | null {
    const e = this.extension('2.5.29.37')?.parsedValue as pkijs.ExtKeyUsage | undefined;
    return e ? e.keyPurposes : null;
  }

  /** `issuer` may have issued this certificate: names, key identifiers, its key usage (no signature check). */
  namedBy(issuer: Cert): boolean {
    return issuerMatches(this, issuer);
  }

  /** True when `issuer` issued this certificate (namedBy, and its key verifies the signature). */
  issuedBy(issuer: Cert): Promise<boolean> {
    // Certificates are shared between verifications (certFromDer), and so is this answer.
    let r = this.issuers.get(issuer.fingerprint);
    if (!r) {
      r = this.namedBy(issuer) ? verifyX509Signature(this.pk.signatureAlgorithm, this.pk.tbsView, this.pk.signatureValue, issuer.publicKey, this.pk.signature) : Promise.resolve(false);
      this.issuers.set(issuer.fingerprint, r);
    }
    return r;
  }

  private readonly issuers = new Map<string, Promise<boolean>>();

  matchesIssuerSerial(issuer: pkijs.RelativeDistinguishedNames, serial: asn1js.Integer): boolean {
    return this.pk.issuer.isEqual(issuer) && this.pk.serialNumber.isEqual(serial);
  }
}

function attr(names: pkijs.RelativeDistinguishedNames, oid: string): string | undefined {
  const a = names.typesAndValues.find((t) => t.type === oid);
  const v = a?.value as { valueBlock?: { value?: unknown } } | undefined;
  return typeof v?.valueBlock?.value === 'string' ? v.valueBlock.value : undefined;
}

export function toAB(u: Uint8Array): ArrayBuffer {
  return u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
}

// The same CA and TSA certificates recur in every signature and DSS: parse each once.
const cache = new Map<string, Cert>();
const CACHE_MAX = 2000;

export function certFromDer(der: Uint8Array): Cert {
  const key = sha256Hex(der);
  let c = cache.get(key);
  if (!c) {
    c = new Cert(der, key);
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(key, c);
  }
  return c;
}

/** Parses certificates, skipping (and reporting) any that cannot be read. */
export function parseCerts(ders: Uint8Array[], errors?: string[]): Cert[] {
  const out: Cert[] = [];
  for (const d of ders) {
    try {
      out.push(certFromDer(d));
    } catch (e) {
      errors?.push(`unreadable certificate: ${(e as Error).message}`);
    }
  }
  return out;
}
