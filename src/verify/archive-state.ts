import { timestampSunset, type Sunset } from './crypto/algorithm-policy';
import { signatureFields } from './pdf/fields';
import { checkSignature } from './signature';
import { openPdf, trustContext } from './verify-pdf';

/**
 * The newest document (archive) time-stamp of a PDF and how long it can still prove anything:
 * until the first certificate of its TSA's chain expires, or its algorithms weaken
 * (./crypto/algorithm-policy). What archive renewal (src/archive) decides on.
 */
export interface ArchiveTimestampState {
  fieldName: string;
  time: Date | null;
  tsa: string | null;
  /** The earliest end of validity in the TSA's chain (as far as the file and anchors show it). */
  expiresAt: Date | null;
  sunset: Sunset | null;
  /** The token verifies and its imprint matches the bytes it covers. */
  intact: boolean;
}

export async function lastArchiveTimestamp(bytes: Uint8Array, anchors: Uint8Array[] = []): Promise<ArchiveTimestampState | null> {
  const doc = openPdf(bytes);
  const ctx = trustContext(doc, { anchors }, []);
  const checks = [];
  for (const f of signatureFields(doc)) checks.push(await checkSignature(doc, f, ctx));
  const stamps = checks
    .filter((c) => c.kind === 'document-timestamp')
    .sort((a, b) => b.coverage.end - a.coverage.end);
  const last = stamps[0];
  if (!last) return null;
  const path = last.chain?.path ?? (last.signer ? [last.signer] : []);
  const ends = path.map((c) => c.notAfter.getTime());
  return {
    fieldName: last.field.name,
    time: last.timestamp?.time ?? null,
    tsa: last.timestamp?.tsa ?? null,
    expiresAt: ends.length ? new Date(Math.min(...ends)) : null,
    sunset: last.timestamp?.cms ? timestampSunset(last.timestamp.cms, last.timestamp.imprintDigestOid ?? null) : null,
    intact: last.integrity === 'intact' && last.signatureValid,
  };
}
