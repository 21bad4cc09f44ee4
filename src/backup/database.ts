import Database from 'better-sqlite3';
import { checkChain, type ChainCheck } from '../audit/audit-log';
import { auditRows } from '../db/sqlite/audit';

/**
 * The database side of a backup: a consistent copy of a database that a running server keeps
 * writing, and what a copy holds (for checking it and for saying what was restored).
 */

/** What `sqlite3_backup_step` copies per step: everything, so the copy is one snapshot (see below). */
const ALL_PAGES = 0x7fffffff;

/**
 * SQLite's online backup API through a separate read-only connection. Copying every page in one
 * step holds one read transaction for the whole copy: in WAL mode that does not block the
 * server's writers, and the copy is the database as of one commit (in smaller steps a write by
 * the server would restart the copy, possibly again and again under load). The copy is turned
 * to a rollback journal so that it is one self-contained file; `openDatabase` sets WAL again.
 */
export async function snapshotDatabase(source: string, target: string): Promise<void> {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(target, { progress: () => ALL_PAGES });
  } finally {
    db.close();
  }
  const copy = new Database(target);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

export interface DatabaseContents {
  /** `PRAGMA integrity_check`: 'ok' or the first problems SQLite found. */
  integrity: string;
  dossiers: number;
  /** Results (dossiers with a result document) and signatures the service applied. */
  results: number;
  signatures: number;
  chain: ChainCheck;
  /** Every blob id a row refers to: uploaded scans, digitised PDFs, results and each signed revision. */
  blobs: Set<string>;
}

/** Reads a database copy without changing it (no migrations: it may come from an older version). */
export function inspectDatabase(file: string): DatabaseContents {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = (sqlite.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    const count = (sql: string) => (sqlite.prepare(sql).get() as { n: number }).n;
    const blobs = sqlite
      .prepare(
        `SELECT result_blob AS id FROM dossiers WHERE result_blob IS NOT NULL
         UNION SELECT source_blob FROM documents
         UNION SELECT pdf_blob FROM documents WHERE pdf_blob IS NOT NULL
         UNION SELECT input_blob FROM signatures
         UNION SELECT output_blob FROM signatures`,
      )
      .pluck()
      .all() as string[];
    return {
      integrity,
      dossiers: count('SELECT count(*) AS n FROM dossiers'),
      results: count('SELECT count(*) AS n FROM dossiers WHERE result_blob IS NOT NULL'),
      signatures: count('SELECT count(*) AS n FROM signatures'),
      chain: checkChain(auditRows(sqlite)),
      blobs: new Set(blobs),
    };
  } finally {
    sqlite.close();
  }
}
