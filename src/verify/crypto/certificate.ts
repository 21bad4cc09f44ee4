import { X509Certificate, createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/**
 * One certificate seen two ways: Node's X509Certificate (OpenSSL does the signature check,
 * validity dates and name comparison) and pkijs's model (extensions, issuer/serial, SKI).
 * Built from the original DER so nothing is re-encoded.
 */
export class Cert {
  readonly x509: X509Certificate;
  readonly pk: pkijs.Certificate;
  readonly fingerprint: string;

  constructor(readonly der: Uint8Array) {
    this.x509 = new X509Certificate(der);
    this.pk = pkijs.Certificate.fromBER(toAB(der));
    this.fingerprint = this.x509.fingerprint256;
  }

  get subject(): string {
    return this.x509.subject;
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
    return Buffer.from(this.pk.serialNumber.valueBlock.valueHexView).toString('hex').replace(/^(00)+(?=.)/, '');
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

  /** True when `issuer` issued this certificate (names match and its key verifies the signature). */
  issuedBy(issuer: Cert): boolean {
    try {
      return this.x509.checkIssued(issuer.x509) && this.x509.verify(issuer.x509.publicKey);
    } catch {
      return false;
    }
  }

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
  const key = createHash('sha256').update(der).digest('base64');
  let c = cache.get(key);
  if (!c) {
    c = new Cert(der);
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
