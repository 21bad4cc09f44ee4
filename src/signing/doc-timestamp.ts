import { PDFDocument } from 'pdf-lib';
import { requestTimestamp } from '../pki';
import { UnprocessableError } from '../shared/errors';
import type { TsaClient } from './cades';
import { addDss } from './dss';
import { validationMaterial, type RevocationSource } from './ltv';
import { signatureFields } from './fields';
import { byteRangeDigest, embedCms, preparePlaceholder } from './placeholder';

/**
 * PAdES document time-stamp (ETSI EN 319 142-1 §5.5, B-LTA): an RFC 3161 token over the whole
 * file as it stands (everything but the token's own /Contents), in a new invisible signature
 * field, appended as an incremental update. Every signature, DSS and earlier time-stamp
 * before it is then proven to have existed at the token's genTime.
 */

/**
 * Room for the token, twice in hex in the file: 8 KB holds a TSTInfo and a chain of three
 * RSA-3072 certificates; a TSA that sends more (a longer chain) gets a second, larger try
 * rather than every result carrying the larger hole.
 */
const RESERVE = 8_192;
const LARGE_RESERVE = 65_536;

export async function addDocumentTimestamp(pdf: Uint8Array, tsa: TsaClient): Promise<Uint8Array> {
  const name = await freeFieldName(pdf);
  try {
    return await stamp(pdf, tsa, name, RESERVE);
  } catch (e) {
    if ((e as { code?: string }).code !== 'signature_too_large') throw e;
    return stamp(pdf, tsa, name, LARGE_RESERVE);
  }
}

async function stamp(pdf: Uint8Array, tsa: TsaClient, name: string, reserve: number): Promise<Uint8Array> {
  const prepared = await preparePlaceholder(pdf, { documentTimestamp: true, newField: { name, page: 0, rect: { x: 0, y: 0, width: 0, height: 0 } } }, reserve);
  return embedCms(prepared, await requestTimestamp(tsa, byteRangeDigest(prepared), 'SHA-256'));
}

/** ArchiveTimestamp1, 2, …: the first name not yet used by a signature field. */
async function freeFieldName(pdf: Uint8Array): Promise<string> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false });
  } catch (e) {
    throw new UnprocessableError('bad_pdf', `the PDF cannot be read: ${(e as Error).message}`);
  }
  const names = signatureFields(doc);
  let n = 1;
  while (names.has(`ArchiveTimestamp${n}`)) n++;
  return `ArchiveTimestamp${n}`;
}

/**
 * PAdES B-LTA in one step: the validation data of everything signed and time-stamped so far
 * (DSS with VRI entries), then a document time-stamp over it all. Used after sealing and, when
 * the last time-stamp ages, to renew the archive (each renewal's DSS carries the previous
 * time-stamp's chain, and the new token covers that too).
 */
export async function addArchiveTimestamp(pdf: Uint8Array, o: { tsa: TsaClient; revocation: RevocationSource }): Promise<Uint8Array> {
  const m = await validationMaterial(pdf, o.revocation);
  const withDss = m.certs?.length ? await addDss(pdf, m) : pdf;
  return addDocumentTimestamp(withDss, o.tsa);
}
