import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { compareBytes, concatBytes, equalBytes } from '../bytes';
import { UnsupportedAlgorithmError, digest, signatureAlgorithmName, type SignatureParams } from './algorithms';
import { Cert, parseCerts, toAB } from './certificate';
import { ContentCache } from './content-cache';
import { children, tlv } from './der';
import { verifySignature } from './signature-check';

/**
 * CMS SignedData as a PDF signature uses it: parsed with pkijs (structure) and asn1js (to keep
 * the original bytes of the signed attributes and certificates), checked with WebCrypto.
 */
export const OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertV1: '1.2.840.113549.1.9.16.2.12',
  signingCertV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStamp: '1.2.840.113549.1.9.16.2.14',
  adbeRevocation: '1.2.840.113583.1.1.8',
  pss: '1.2.840.113549.1.1.10',
};

export class CmsParseError extends Error {}

export interface ParsedCms {
  eContentType: string;
  eContent?: Uint8Array;
  certs: Cert[];
  signer?: Cert;
  sig: SignatureParams;
  algorithmName: string;
  signatureValue: Uint8Array;
  /** DER of the signed attributes with the SET tag, exactly as signed. */
  signedAttrs?: Uint8Array;
  attrs: Map<string, asn1js.AsnType[]>;
  unsignedAttrs: Map<string, asn1js.AsnType[]>;
  crls: Uint8Array[];
  ocsps: Uint8Array[];
  errors: string[];
}

/** The CMS parsed once per content (./content-cache): callers only read it. */
export function parseCms(der: Uint8Array): ParsedCms {
  const trimmed = der.subarray(0, derLength(der));
  return parsedCms.get(trimmed, () => parseCmsNow(trimmed));
}

const parsedCms = new ContentCache<ParsedCms>(512);

function parseCmsNow(der: Uint8Array): ParsedCms {
  const asn = asn1js.fromBER(toAB(der));
  if (asn.offset === -1) throw new CmsParseError(`CMS is not valid BER: ${asn.result.error}`);
  let ci: pkijs.ContentInfo;
  let sd: pkijs.SignedData;
  let rawCerts: Uint8Array[] = [];
  let rawCrls: Uint8Array[] = [];
  try {
    ci = new pkijs.ContentInfo({ schema: asn.result });
    if (ci.contentType !== OID.signedData) throw new CmsParseError(`content type ${ci.contentType} is not SignedData`);
    // Certificates are read from their raw bytes below (and cached); hide them from pkijs,
    // whose certificate parsing dominates the cost of a many-signature document.
    // CRLs too: they are indexed from their bytes (./crl-index), not parsed entry by entry.
    const seq = ci.content as asn1js.Sequence;
    rawCerts = rawChoices(seq, 0);
    rawCrls = rawChoices(seq, 1);
    seq.valueBlock.value = seq.valueBlock.value.filter((b) => !(b.idBlock.tagClass === 3 && (b.idBlock.tagNumber === 0 || b.idBlock.tagNumber === 1)));
    sd = new pkijs.SignedData({ schema: seq });
  } catch (e) {
    throw e instanceof CmsParseError ? e : new CmsParseError(`CMS SignedData unreadable: ${(e as Error).message}`);
  }
  if (sd.signerInfos.length !== 1) throw new CmsParseError(`expected one SignerInfo, found ${sd.signerInfos.length}`);
  const si = sd.signerInfos[0];
  const errors: string[] = [];
  const certs = parseCerts(rawCerts, errors);
  const signedAttrs = si.signedAttrs ? new Uint8Array(si.signedAttrs.encodedValue) : undefined;
  const parsed: ParsedCms = {
    eContentType: sd.encapContentInfo.eContentType,
    eContent: sd.encapContentInfo.eContent ? new Uint8Array(sd.encapContentInfo.eContent.getValue()) : undefined,
    certs,
    signer: findSigner(si, certs),
    sig: sigParams(si),
    algorithmName: '',
    signatureValue: new Uint8Array(si.signature.valueBlock.valueHexView),
    signedAttrs,
    attrs: attrMap(si.signedAttrs),
    unsignedAttrs: attrMap(si.unsignedAttrs),
    crls: rawCrls,
    ocsps: [],
    errors,
  };
  parsed.algorithmName = signatureAlgorithmName(parsed.sig);
  collectRevocationArchival(parsed);
  return parsed;
}

/** Length of the outer DER element, so that /Contents' zero padding is not handed to the parser. */
export function derLength(b: Uint8Array): number {
  if (b.length < 2 || b[1] < 0x80) return b.length < 2 ? b.length : Math.min(b.length, 2 + b[1]);
  const n = b[1] & 0x7f;
  if (n === 0 || n > 4 || b.length < 2 + n) return b.length; // indefinite length (BER): let the parser find the end
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[2 + i];
  return Math.min(b.length, 2 + n + len);
}

/** The SEQUENCE items of SignedData's [0] certificates or [1] crls (other choices, tagged, are left out). */
function rawChoices(signedData: asn1js.Sequence, tag: 0 | 1): Uint8Array[] {
  const set = signedData.valueBlock.value.find((b) => b.idBlock.tagClass === 3 && b.idBlock.tagNumber === tag) as asn1js.Constructed | undefined;
  if (!set) return [];
  return set.valueBlock.value.filter((c) => c.idBlock.tagClass === 1 && c.idBlock.tagNumber === 16).map((c) => new Uint8Array(c.valueBeforeDecodeView));
}

function attrMap(a: pkijs.SignedAndUnsignedAttributes | undefined): Map<string, asn1js.AsnType[]> {
  return new Map((a?.attributes ?? []).map((x) => [x.type, x.values as asn1js.AsnType[]]));
}

function sigParams(si: pkijs.SignerInfo): SignatureParams {
  const sigOid = si.signatureAlgorithm.algorithmId;
  const p: SignatureParams = { sigOid, digestOid: si.digestAlgorithm.algorithmId };
  if (sigOid === OID.pss && si.signatureAlgorithm.algorithmParams) {
    const pss = new pkijs.RSASSAPSSParams({ schema: si.signatureAlgorithm.algorithmParams });
    p.pss = { hashOid: pss.hashAlgorithm.algorithmId, saltLength: pss.saltLength };
  }
  return p;
}

function findSigner(si: pkijs.SignerInfo, certs: Cert[]): Cert | undefined {
  if (si.sid instanceof pkijs.IssuerAndSerialNumber) {
    const sid = si.sid;
    return certs.find((c) => c.matchesIssuerSerial(sid.issuer, sid.serialNumber));
  }
  // [0] SubjectKeyIdentifier
  const ski = (si.sid as asn1js.Primitive).valueBlock.valueHexView;
  return certs.find((c) => c.subjectKeyId && equalBytes(c.subjectKeyId, ski));
}

/** adbe-revocationInfoArchival: SEQUENCE { [0] SEQ OF CRL, [1] SEQ OF OCSPResponse, [2] other }. */
function collectRevocationArchival(p: ParsedCms): void {
  const v = p.attrs.get(OID.adbeRevocation)?.[0] as asn1js.Sequence | undefined;
  for (const tagged of v?.valueBlock?.value ?? []) {
    const inner = (tagged as asn1js.Constructed).valueBlock?.value?.[0] as asn1js.Sequence | undefined;
    const items = (inner?.valueBlock?.value ?? []).map((x) => new Uint8Array(x.valueBeforeDecodeView));
    if (tagged.idBlock.tagNumber === 0) p.crls.push(...items);
    if (tagged.idBlock.tagNumber === 1) p.ocsps.push(...items);
  }
}

export interface CmsCheck {
  /** messageDigest (or the signature itself, without signed attributes) matches the content. */
  digestMatches: boolean;
  signatureValid: boolean;
  /** Set when an algorithm is not supported, naming it. */
  unsupported?: string;
  errors: string[];
}

/** Checks the signer's signature over `content` (the bytes the CMS claims to sign). */
export async function checkCms(p: ParsedCms, content: Uint8Array[]): Promise<CmsCheck> {
  const errors = [...p.errors];
  if (!p.signer) return { digestMatches: false, signatureValid: false, errors: [...errors, 'signer certificate is not in the CMS'] };
  try {
    if (!p.signedAttrs) {
      const ok = await verifySignature(p.sig, p.signer.publicKey, concatBytes(content), p.signatureValue);
      if (!ok) errors.push('signature value does not verify over the signed content');
      return { digestMatches: ok, signatureValid: ok, errors };
    }
    const md = p.attrs.get(OID.messageDigest)?.[0] as asn1js.OctetString | undefined;
    const computed = await digest(p.sig.digestOid, content);
    const digestMatches = !!md && equalBytes(md.valueBlock.valueHexView, computed);
    if (!md) errors.push('signed attributes lack messageDigest');
    else if (!digestMatches) errors.push('messageDigest does not match the signed bytes');
    const ct = p.attrs.get(OID.contentType)?.[0] as asn1js.ObjectIdentifier | undefined;
    if (!ct || ct.valueBlock.toString() !== p.eContentType) errors.push('content-type attribute missing or different from the encapsulated content type');
    let signatureValid = await verifySignature(p.sig, p.signer.publicKey, p.signedAttrs, p.signatureValue);
    if (!signatureValid) errors.push('signature value does not verify over the signed attributes');
    if (signatureValid && !isDerSorted(p.signedAttrs)) {
      // DER requires SET OF sorted; validators that re-encode (DSS, BouncyCastle) reject this.
      signatureValid = false;
      errors.push('signed attributes are not DER-encoded (SET OF not sorted)');
    }
    return { digestMatches, signatureValid: signatureValid && !!ct && ct.valueBlock.toString() === p.eContentType, errors };
  } catch (e) {
    if (e instanceof UnsupportedAlgorithmError) {
      return { digestMatches: false, signatureValid: false, unsupported: e.message, errors: [...errors, `unsupported: ${e.message}`] };
    }
    return { digestMatches: false, signatureValid: false, errors: [...errors, `signature check failed: ${(e as Error).message}`] };
  }
}

function isDerSorted(setDer: Uint8Array): boolean {
  // Walked without an ASN.1 tree (the attributes may carry whole CRLs); BER lengths the walker
  // refuses go through asn1js.
  const set = tlv(setDer, 0, setDer.length);
  const walked = set && children(setDer, set)?.map((t) => setDer.subarray(t.start, t.end));
  const items = walked ?? berItems(setDer);
  if (!items) return false;
  for (let i = 1; i < items.length; i++) if (compareBytes(items[i - 1], items[i]) > 0) return false;
  return true;
}

function berItems(setDer: Uint8Array): Uint8Array[] | null {
  const asn = asn1js.fromBER(toAB(setDer));
  return asn.offset === -1 ? null : (asn.result as asn1js.Set).valueBlock.value.map((x) => x.valueBeforeDecodeView);
}

export function signingTimeAttr(p: ParsedCms): Date | null {
  const t = p.attrs.get(OID.signingTime)?.[0] as asn1js.UTCTime | asn1js.GeneralizedTime | undefined;
  try {
    return t ? t.toDate() : null;
  } catch {
    return null;
  }
}
