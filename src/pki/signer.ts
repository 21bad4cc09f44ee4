import { createPrivateKey, createPublicKey } from 'node:crypto';
import * as x509 from './x509';
import { checkRevocation, parseCert, type RevocationStatus } from './crl';
import { sha256Hex } from './crypto';
import { CertificateUnusableError, MalformedPkiDataError } from './errors';
import type { PinThrottle } from './pin-throttle';
import { importPkcs12Key, readPkcs12 } from './pkcs12';

/**
 * Key custody: opens a PKCS#12 with a PIN for one signing. The PIN is used and dropped —
 * never stored, never logged, never put in an error. The returned key is a non-extractable
 * WebCrypto CryptoKey, so even the caller cannot write it out again.
 */

export interface LoadedSigner {
  /**
   * WebCrypto CryptoKey, non-extractable, usage ['sign']: RSASSA-PKCS1-v1_5 with SHA-256 for
   * RSA keys, ECDSA (P-256/384/521) for EC keys. For CMS, sign with node:crypto
   * (`crypto.sign('sha256', data, { key: KeyObject.from(privateKey), dsaEncoding: 'der' })`)
   * or `signSha256` from src/pki: WebCrypto's ECDSA output (r||s) is not CMS's DER.
   */
  privateKey: CryptoKey;
  /** DER of the certificate that matches the private key. */
  certificate: Uint8Array;
  /** DER of the issuers, nearest first (issuing CA, …, root when present in the file). */
  chain: Uint8Array[];
  subject: string;
  serialNumber: string;
  fingerprintSha256: string;
  notBefore: Date;
  notAfter: Date;
  /** Set when a CRL was given and the certificate is not on it. */
  revocation?: RevocationStatus;
}

export interface LoadSignerOptions {
  /** Validity is checked at this time (default now). */
  at?: Date;
  /** CRL(s) to refuse a revoked certificate; verified against the issuer from the file. */
  crl?: Uint8Array | Uint8Array[];
  /** PIN throttle and the key it counts under: the PKCS#12 being unlocked (e.g. its certificate fingerprint). */
  throttle?: { throttle: PinThrottle; key: string };
}

export async function loadSignerFromP12(bytes: Uint8Array, pin: string, o: LoadSignerOptions = {}): Promise<LoadedSigner> {
  const open = async () => {
    const contents = readPkcs12(bytes, pin);
    const certificate = certificateForKey(contents.privateKeyPkcs8, contents.certificates);
    const privateKey = await importPkcs12Key(contents);
    contents.privateKeyPkcs8.fill(0);
    return { privateKey, certificate, chain: orderChain(certificate, contents.certificates) };
  };
  const opened = o.throttle ? await o.throttle.throttle.attempt(o.throttle.key, open) : await open();
  const cert = parseCert(opened.certificate);
  assertUsableForSigning(cert, o.at ?? new Date());
  const revocation = o.crl ? await checkRevocation(opened.certificate, { crl: o.crl, issuerCert: opened.chain[0], at: o.at }) : undefined;
  return {
    ...opened,
    subject: cert.subject,
    serialNumber: cert.serialNumber,
    fingerprintSha256: sha256Hex(opened.certificate),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    ...(revocation ? { revocation } : {}),
  };
}

/** Refuses expired, not-yet-valid and non-signing (keyUsage) certificates. */
export function assertUsableForSigning(cert: x509.X509Certificate, at: Date): void {
  if (cert.notAfter < at) {
    throw new CertificateUnusableError('certificate_expired', `certificate ${cert.subject} expired at ${cert.notAfter.toISOString()}`, { notAfter: cert.notAfter.toISOString() });
  }
  if (cert.notBefore > at) {
    throw new CertificateUnusableError('certificate_not_yet_valid', `certificate ${cert.subject} is valid only from ${cert.notBefore.toISOString()}`);
  }
  const ku = cert.getExtension(x509.KeyUsagesExtension);
  if (ku && !(ku.usages & (x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation))) {
    throw new CertificateUnusableError('certificate_unusable', `certificate ${cert.subject} is not for signing (keyUsage)`);
  }
}

/** The certificate whose public key is the private key's: files may list the chain first. */
function certificateForKey(pkcs8: Uint8Array, certificates: Uint8Array[]): Uint8Array {
  const spki = createPublicKey(createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' })).export({ type: 'spki', format: 'der' });
  const match = certificates.find((der) => Buffer.from(parseCert(der).publicKey.rawData).equals(spki));
  if (!match) throw new MalformedPkiDataError('PKCS#12 file (no certificate matches its private key)');
  return match;
}

/** Issuer chain from the leaf upwards by name links; certificates not on the path are left out. */
function orderChain(leaf: Uint8Array, all: Uint8Array[]): Uint8Array[] {
  const parsed = all.map((der) => ({ der, cert: parseCert(der) }));
  const chain: Uint8Array[] = [];
  let current = parseCert(leaf);
  while (current.issuer !== current.subject) {
    const next = parsed.find((p) => p.cert.subject === current.issuer && !chain.includes(p.der) && p.der !== leaf);
    if (!next) break;
    chain.push(next.der);
    current = next.cert;
  }
  return chain;
}
