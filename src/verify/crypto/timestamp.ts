import * as pkijs from 'pkijs';
import { equalBytes } from '../bytes';
import { digest } from './algorithms';
import { toAB } from './certificate';
import { OID, checkCms, parseCms, type ParsedCms } from './cms';

/**
 * An RFC 3161 time-stamp token: its own CMS signature, and whether its message imprint is the
 * digest of the data it claims to time-stamp (a signature value, or the ByteRange bytes for a
 * document time-stamp).
 */
export interface TimestampCheck {
  time: Date | null;
  /** The token's CMS signature verifies and its imprint matches. */
  valid: boolean;
  imprintMatches: boolean;
  /** The token's own CMS: its messageDigest matches TSTInfo, its signature verifies. */
  cmsDigestMatches: boolean;
  cmsSignatureValid: boolean;
  unsupported?: string;
  tsa: string | null;
  /** Digest algorithm of the message imprint (for the algorithm policy). */
  imprintDigestOid?: string;
  cms?: ParsedCms;
  errors: string[];
}

export async function checkTimestampToken(der: Uint8Array, imprinted: Uint8Array[]): Promise<TimestampCheck> {
  let cms: ParsedCms;
  let tst: pkijs.TSTInfo;
  try {
    cms = parseCms(der);
    if (cms.eContentType !== OID.tstInfo || !cms.eContent) throw new Error(`content type ${cms.eContentType} is not TSTInfo`);
    tst = pkijs.TSTInfo.fromBER(toAB(cms.eContent));
  } catch (e) {
    return { time: null, valid: false, imprintMatches: false, cmsDigestMatches: false, cmsSignatureValid: false, tsa: null, errors: [`time-stamp token unreadable: ${(e as Error).message}`] };
  }
  const errors: string[] = [];
  const c = await checkCms(cms, [cms.eContent]);
  errors.push(...c.errors);
  let imprintMatches = false;
  try {
    const expected = await digest(tst.messageImprint.hashAlgorithm.algorithmId, imprinted);
    imprintMatches = equalBytes(tst.messageImprint.hashedMessage.valueBlock.valueHexView, expected);
  } catch (e) {
    errors.push(`time-stamp imprint: ${(e as Error).message}`);
  }
  if (!imprintMatches) errors.push('time-stamp imprint does not match the time-stamped data');
  return {
    time: tst.genTime ?? null,
    valid: c.digestMatches && c.signatureValid && imprintMatches,
    imprintMatches,
    cmsDigestMatches: c.digestMatches,
    cmsSignatureValid: c.signatureValid,
    unsupported: c.unsupported,
    tsa: cms.signer?.commonName ?? null,
    imprintDigestOid: tst.messageImprint.hashAlgorithm.algorithmId,
    cms,
    errors,
  };
}
