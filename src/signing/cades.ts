import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { signingCertificateV2, requestTimestamp, type TimeStampAuthority } from '../pki';
import { UnprocessableError } from '../shared/errors';

/**
 * CAdES detached signature (ETSI EN 319 122) as PAdES baseline wants it: signed attributes
 * contentType, messageDigest and signing-certificate-v2 only — no signing-time, PAdES puts the
 * claimed time in the signature dictionary's /M — SHA-256, the signer's chain in the CMS, and
 * for B-T an RFC 3161 token over the signature value as unsigned attribute.
 * Built with pkijs; the signing itself is left to a `Signer` so a token/HSM can do it.
 */

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStamp: '1.2.840.113549.1.9.16.2.14',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
};

/** What a TSA client is for signing: an in-process authority or the URL of one. */
export type TsaClient = string | TimeStampAuthority;

export const sha256 = (data: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(data).digest());

const ab = (u: Uint8Array): ArrayBuffer => u.slice().buffer as ArrayBuffer;
const parseAsn1 = (der: Uint8Array) => {
  const parsed = asn1js.fromBER(ab(der));
  if (parsed.offset === -1) throw new UnprocessableError('bad_der', 'malformed DER in signature data');
  return parsed.result;
};

// Parsing with pkijs costs milliseconds and the same few certificates sign over and over.
const certCache = new Map<string, pkijs.Certificate>();

function parseCertificate(der: Uint8Array): pkijs.Certificate {
  const key = Buffer.from(der).toString('base64');
  let cert = certCache.get(key);
  if (!cert) {
    try {
      cert = pkijs.Certificate.fromBER(ab(der));
    } catch {
      throw new UnprocessableError('bad_certificate', 'the signer certificate is not a DER X.509 certificate');
    }
    if (certCache.size >= 64) certCache.delete(certCache.keys().next().value!);
    certCache.set(key, cert);
  }
  return cert;
}

export type KeyKind = 'RSA' | 'EC';

export function keyKindOf(certDer: Uint8Array): KeyKind {
  const alg = parseCertificate(certDer).subjectPublicKeyInfo.algorithm.algorithmId;
  if (alg === OID.rsaEncryption) return 'RSA';
  if (alg === OID.ecPublicKey) return 'EC';
  throw new UnprocessableError('unsupported_key', `the signer's key type (${alg}) is neither RSA nor EC`);
}

const essCache = new Map<string, Uint8Array>();

/** SigningCertificateV2 value for a certificate, computed once per certificate. */
function essCertificate(certDer: Uint8Array): Uint8Array {
  const key = Buffer.from(certDer).toString('base64');
  let value = essCache.get(key);
  if (!value) {
    value = signingCertificateV2(certDer);
    if (essCache.size >= 64) essCache.delete(essCache.keys().next().value!);
    essCache.set(key, value);
  }
  return value;
}

function signedAttributeList(contentDigest: Uint8Array, certDer: Uint8Array): pkijs.Attribute[] {
  const attrs = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: ab(contentDigest) })] }),
    new pkijs.Attribute({ type: OID.signingCertificateV2, values: [parseAsn1(essCertificate(certDer))] }),
  ];
  // DER wants a SET OF sorted by encoding; the signature covers exactly that order.
  return attrs
    .map((a) => ({ a, der: Buffer.from(a.toSchema().toBER()) }))
    .sort((x, y) => Buffer.compare(x.der, y.der))
    .map((x) => x.a);
}

function signedAttributesOf(contentDigest: Uint8Array, certDer: Uint8Array): pkijs.SignedAndUnsignedAttributes {
  return new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: signedAttributeList(contentDigest, certDer) });
}

/**
 * DER of the signed attributes as they are signed: the SET OF with its universal tag 0x31
 * (inside the SignerInfo the same bytes sit under [0] IMPLICIT).
 */
export function signedAttributesDer(contentDigest: Uint8Array, certDer: Uint8Array): Uint8Array {
  const der = new Uint8Array(signedAttributesOf(contentDigest, certDer).toSchema().toBER());
  der[0] = 0x31;
  return der;
}

/** A raw r||s ECDSA value (WebCrypto, some tokens) becomes the DER SEQUENCE CMS wants. */
export function ecdsaToDer(sig: Uint8Array): Uint8Array {
  if (sig[0] === 0x30 && sig[1] + 2 === sig.length) return sig;
  if (sig.length % 2 !== 0) throw new UnprocessableError('bad_signature_value', 'the ECDSA signature value is neither DER nor r||s');
  const half = sig.length / 2;
  const int = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = b.subarray(i);
    return new asn1js.Integer({ valueHex: ab(v[0] & 0x80 ? Uint8Array.of(0, ...v) : v) });
  };
  return new Uint8Array(new asn1js.Sequence({ value: [int(sig.subarray(0, half)), int(sig.subarray(half))] }).toBER());
}

export interface CmsParts {
  contentDigest: Uint8Array;
  certificate: Uint8Array;
  /** Issuers, nearest first. */
  chain: Uint8Array[];
  signature: Uint8Array;
  /** RFC 3161 TimeStampToken (DER ContentInfo) over the signature value. */
  timestampToken?: Uint8Array;
}

/** The DER ContentInfo(SignedData) with a detached (absent) eContent. */
export function assembleCms(p: CmsParts): Uint8Array {
  const cert = parseCertificate(p.certificate);
  const ec = keyKindOf(p.certificate) === 'EC';
  const sha256Alg = () => new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 });
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: sha256Alg(),
    signedAttrs: signedAttributesOf(p.contentDigest, p.certificate),
    signatureAlgorithm: ec
      ? new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSha256 })
      : new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256WithRsa, algorithmParams: new asn1js.Null() }),
    signature: new asn1js.OctetString({ valueHex: ab(ec ? ecdsaToDer(p.signature) : p.signature) }),
    ...(p.timestampToken
      ? {
          unsignedAttrs: new pkijs.SignedAndUnsignedAttributes({
            type: 1,
            attributes: [new pkijs.Attribute({ type: OID.signatureTimeStamp, values: [parseAsn1(p.timestampToken)] })],
          }),
        }
      : {}),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [sha256Alg()],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: [cert, ...p.chain.map(parseCertificate)],
    signerInfos: [signerInfo],
  });
  const info = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(info.toSchema().toBER());
}

/** The signature value inside `cms` is what the signature-time-stamp token covers. */
export async function timestampSignature(signature: Uint8Array, tsa: TsaClient): Promise<Uint8Array> {
  return requestTimestamp(tsa, sha256(signature), 'SHA-256');
}
