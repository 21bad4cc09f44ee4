import { sql } from 'drizzle-orm';
import type { DbOrTx as Db } from '../db/client';
import { localParts } from '../shared/time';

/**
 * Dossier code in the national form `{agency}-{yyMMdd}-{nnnn}`: the agency's QCVN 102:2016
 * code, the local reception date and a daily sequence per agency. Must be called inside the
 * transaction that inserts the dossier: the upsert increments atomically, so two concurrent
 * receptions never get the same number. Past 9999 in one day the number grows a digit.
 */
export function nextDossierCode(tx: Db, agencyCode: string, nowMs: number): string {
  const p = localParts(nowMs);
  const day = `${String(p.year % 100).padStart(2, '0')}${String(p.month).padStart(2, '0')}${String(p.day).padStart(2, '0')}`;
  const row = tx.get<{ last: number }>(
    sql`INSERT INTO dossier_sequences (agency_code, day, last) VALUES (${agencyCode}, ${day}, 1)
        ON CONFLICT (agency_code, day) DO UPDATE SET last = last + 1 RETURNING last`,
  );
  return `${agencyCode}-${day}-${String(row.last).padStart(4, '0')}`;
}

export const DOSSIER_CODE = /^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[0-9A-Z]{3}-\d{6}-\d{4,}$/;
