import { localParts } from '../shared/time';
import type { DossierTx } from './store';

/**
 * Dossier code in the national form `{agency}-{yyMMdd}-{nnnn}`: the agency's QCVN 102:2016
 * code, the local reception date and a daily sequence per agency. Must be called inside the
 * transaction that inserts the dossier: the sequence is taken under a lock held to its end, so
 * two concurrent receptions never get the same number (and the code is the dossier's primary
 * key besides). Past 9999 in one day the number grows a digit.
 */
export async function nextDossierCode(tx: DossierTx, agencyCode: string, nowMs: number): Promise<string> {
  const p = localParts(nowMs);
  const day = `${String(p.year % 100).padStart(2, '0')}${String(p.month).padStart(2, '0')}${String(p.day).padStart(2, '0')}`;
  const n = await tx.dossiers.nextNumber(agencyCode, day);
  return `${agencyCode}-${day}-${String(n).padStart(4, '0')}`;
}

export const DOSSIER_CODE = /^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[0-9A-Z]{3}-\d{6}-\d{4,}$/;
