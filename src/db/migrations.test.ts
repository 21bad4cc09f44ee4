import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MIGRATIONS = fileURLToPath(new URL('../../drizzle', import.meta.url));
const journal = JSON.parse(readFileSync(`${MIGRATIONS}/meta/_journal.json`, 'utf8')) as { entries: { tag: string }[] };

/** Runs one migration file on a raw connection, statement by statement (as drizzle's migrator does). */
function apply(db: Database.Database, tag: string) {
  for (const statement of readFileSync(`${MIGRATIONS}/${tag}.sql`, 'utf8').split('--> statement-breakpoint')) db.exec(statement);
}

describe('migration 0003: certified-copy numbers', () => {
  it('stores the numbers already printed (count so far + 1, local year) and then refuses a duplicate', () => {
    const db = new Database(':memory:');
    const [before, after] = [journal.entries.slice(0, 3), journal.entries.slice(3, 4)];
    expect(after[0]!.tag).toBe('0003_certified_copy_numbers');
    for (const e of before) apply(db, e.tag);
    db.exec(`INSERT INTO procedures (code, name, field, level, processing_days, fee_vnd, required_documents, result_template) VALUES ('P', 'P', 'F', 'commune', 1, 0, '[]', '{}');
      INSERT INTO users (username, display_name, role, password_hash, created_at) VALUES ('u', 'U', 'clerk', 'x', 0);
      INSERT INTO dossiers (code, agency_code, procedure_code, applicant_name, applicant_id, applicant_phone, channel, status, received_at, due_at, received_by) VALUES ('D', 'A', 'P', 'N', '001085012345', '0912345678', 'direct', 'received', 0, 1, 1);`);
    const sign = db.prepare(`INSERT INTO signatures (dossier_code, purpose, cert_fingerprint, cert_subject, signed_at, input_blob, output_blob) VALUES ('D', ?, 'f', 's', ?, 'i', 'o')`);
    sign.run('certified_copy', Date.UTC(2025, 11, 31, 16, 30)); // 31 Dec 23:30 in Hà Nội: 2025
    sign.run('seal', Date.UTC(2026, 0, 2));
    sign.run('certified_copy', Date.UTC(2025, 11, 31, 17, 30)); // 1 Jan 00:30 in Hà Nội: 2026, printed 0002/2026
    apply(db, after[0]!.tag);
    const rows = db.prepare('SELECT purpose, copy_year AS year, copy_seq AS seq FROM signatures ORDER BY id').all();
    expect(rows).toEqual([
      { purpose: 'certified_copy', year: 2025, seq: 1 },
      { purpose: 'seal', year: null, seq: null },
      { purpose: 'certified_copy', year: 2026, seq: 2 },
    ]);
    const copy = db.prepare(`INSERT INTO signatures (dossier_code, purpose, cert_fingerprint, cert_subject, signed_at, input_blob, output_blob, copy_year, copy_seq) VALUES ('D', 'certified_copy', 'f', 's', 0, 'i', 'o', ?, ?)`);
    expect(() => copy.run(2026, 2)).toThrow(/UNIQUE/);
    expect(() => copy.run(2026, 3)).not.toThrow();
    db.close();
  });
});
