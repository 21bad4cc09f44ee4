import { loadSignerFromP12, signSha256, type LoadedSigner, type LoadSignerOptions } from '../pki';
import { assembleCms, ecdsaToDer, keyKindOf, sha256, signedAttributesDer, timestampSignature, type TsaClient } from './cades';

/**
 * One `Signer` interface, two implementations: `LocalKeySigner` holds a key opened from a
 * PKCS#12 for this one signing; `DigestSigner` hands the SHA-256 digest of the signed
 * attributes to something outside (USB token, HSM, remote signing service). The two-step
 * HTTP flow (prepare → complete across requests) is `prepareExternal`/`completeExternal` in
 * sign-pdf.ts, built on the same CMS code.
 */
export interface Signer {
  /** DER of the signer's certificate. */
  readonly certificate: Uint8Array;
  /** DER of the issuers, nearest first; they go into the CMS. */
  readonly chain: Uint8Array[];
  /**
   * Signs the DER signed attributes (SET OF, tag 0x31) with SHA-256: RSA PKCS#1 v1.5 or
   * ECDSA as the key dictates. Returns the signature value (ECDSA as DER or r||s).
   */
  signSignedAttributes(der: Uint8Array): Promise<Uint8Array>;
}

export class LocalKeySigner implements Signer {
  readonly certificate: Uint8Array;
  readonly chain: Uint8Array[];
  readonly #key: CryptoKey;

  constructor(loaded: Pick<LoadedSigner, 'privateKey' | 'certificate' | 'chain'>) {
    this.certificate = loaded.certificate;
    this.chain = loaded.chain;
    this.#key = loaded.privateKey;
  }

  /** Opens the PKCS#12 with the PIN (validity, revocation and throttling as src/pki does). */
  static async fromP12(p12: Uint8Array, pin: string, o: LoadSignerOptions = {}): Promise<LocalKeySigner> {
    return new LocalKeySigner(await loadSignerFromP12(p12, pin, o));
  }

  async signSignedAttributes(der: Uint8Array): Promise<Uint8Array> {
    return signSha256(this.#key, der);
  }
}

/** Signs the 32-byte digest of the signed attributes elsewhere (what a token's raw sign does). */
export type DigestSigningFunction = (digest: Uint8Array, certificate: Uint8Array) => Promise<Uint8Array>;

export class DigestSigner implements Signer {
  constructor(
    readonly certificate: Uint8Array,
    readonly chain: Uint8Array[],
    private readonly signDigest: DigestSigningFunction,
  ) {}

  async signSignedAttributes(der: Uint8Array): Promise<Uint8Array> {
    return this.signDigest(sha256(der), this.certificate);
  }
}

/** Signature value normalised to what the CMS carries (and so what a time-stamp must cover). */
export function normaliseSignatureValue(certificate: Uint8Array, value: Uint8Array): Uint8Array {
  return keyKindOf(certificate) === 'EC' ? ecdsaToDer(value) : value;
}

/** CMS over content whose SHA-256 is `contentDigest`, time-stamped when a TSA is given. */
export async function createCadesSignature(signer: Signer, contentDigest: Uint8Array, tsa?: TsaClient): Promise<Uint8Array> {
  const attrs = signedAttributesDer(contentDigest, signer.certificate);
  const signature = normaliseSignatureValue(signer.certificate, await signer.signSignedAttributes(attrs));
  const timestampToken = tsa ? await timestampSignature(signature, tsa) : undefined;
  return assembleCms({ contentDigest, certificate: signer.certificate, chain: signer.chain, signature, timestampToken });
}
