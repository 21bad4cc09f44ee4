import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { PDFDocument } from 'pdf-lib';
import { trustFolder, verifyPdf } from '../../src/verify/node';
import type { Client } from './client';
import type { Ledger } from './workload';

/**
 * What must hold after every restart (issue 10). Each check returns the violations it found,
 * worded so that a failing round says what was lost or half done, and where.
 */
export interface CheckContext {
  db: Database.Database;
  dataDir: string;
  client: Client;
  ledger: Ledger;
  /** Blobs already read (content-addressed, so one read once stays read): pages of a PDF, signatures in a signed one. */
  seen: { pages: Map<string, number>; signatures: Map<string, InFile> };
}

const ORDER = ['received', 'appraised', 'approved', 'sealed', 'returned'];
const AFTER: Record<string, string> = { accept: 'appraised', approve: 'approved', seal: 'sealed', return: 'returned' };
const SIGNATURES_AT: Record<string, number> = { appraised: 0, approved: 1, sealed: 2, returned: 2 };

type Row = Record<string, any>;
const all = (c: CheckContext, sql: string, ...args: unknown[]) => c.db.prepare(sql).all(...args) as Row[];

/** The blob's bytes if it is there and matches its name, else the violation. */
function blob(c: CheckContext, id: string, what: string, problems: string[]): Uint8Array | undefined {
  const file = path.join(c.dataDir, 'blobs', id.slice(0, 2), id.slice(2));
  if (!existsSync(file)) return void problems.push(`${what}: blob ${id} is missing`);
  const bytes = new Uint8Array(readFileSync(file));
  if (createHash('sha256').update(bytes).digest('hex') !== id) return void problems.push(`${what}: blob ${id} does not match its hash (half written?)`);
  return bytes;
}

/** Every dossier answered 201 exists with all its files, each the bytes sent. */
function receptions(c: CheckContext, problems: string[]): void {
  for (const [code, docs] of c.ledger.received) {
    if (!all(c, 'SELECT 1 FROM dossiers WHERE code = ?', code).length) problems.push(`dossier ${code} was answered 201 and is gone`);
    for (const d of docs) {
      const row = all(c, 'SELECT source_blob FROM documents WHERE id = ? AND dossier_code = ?', d.id, code)[0];
      if (!row) problems.push(`${code}: document ${d.id} was answered 201 and is gone`);
      else if (row.source_blob !== d.sha256) problems.push(`${code}: document ${d.id} is not the file sent`);
      else blob(c, row.source_blob, `${code} document ${d.id}`, problems);
    }
  }
}

/** Digitised exactly once: one audit entry, one page text per page, a PDF with that many pages; nothing left queued. */
async function digitisation(c: CheckContext, problems: string[]): Promise<void> {
  for (const j of all(c, "SELECT id, status FROM jobs WHERE status IN ('queued', 'running')")) problems.push(`job ${j.id} is stuck '${j.status}'`);
  const audited = new Map<string, number>();
  for (const e of all(c, "SELECT detail FROM audit_log WHERE action = 'document.digitised'")) {
    const id = JSON.parse(e.detail).documentId as string;
    audited.set(id, (audited.get(id) ?? 0) + 1);
  }
  for (const d of all(c, 'SELECT d.*, (SELECT count(*) FROM page_texts p WHERE p.document_id = d.id) AS texts FROM documents d WHERE reused_from IS NULL')) {
    const at = `${d.dossier_code} document ${d.id}`;
    if (d.status !== 'done' && d.status !== 'failed') problems.push(`${at} is stuck '${d.status}'`);
    const times = audited.get(d.id) ?? 0;
    if (times !== (d.status === 'done' ? 1 : 0)) problems.push(`${at} is '${d.status}' and was recorded digitised ${times} times`);
    if (d.status !== 'done') continue;
    if (d.texts !== d.page_count) problems.push(`${at}: ${d.texts} page texts for ${d.page_count} pages`);
    const pdf = blob(c, d.pdf_blob, `${at} PDF`, problems);
    if (!pdf) continue;
    if (!c.seen.pages.has(d.pdf_blob)) c.seen.pages.set(d.pdf_blob, (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount());
    const pages = c.seen.pages.get(d.pdf_blob);
    if (pages !== d.page_count) problems.push(`${at}: its PDF has ${pages} pages, the record says ${d.page_count}`);
  }
}

/** What a signed PDF holds: signatures, and document (archive) time-stamps over them. */
interface InFile {
  signatures: number;
  timestamps: number;
}

/** The signatures and document time-stamps in the PDF, all intact and valid (read once per blob). */
async function signaturesIn(c: CheckContext, id: string, bytes: Uint8Array, what: string, problems: string[]): Promise<InFile> {
  if (!c.seen.signatures.has(id)) {
    const report = await verifyPdf(bytes, trustFolder(path.join(c.dataDir, 'trust')));
    if (report.signatures.length && !report.valid) problems.push(`${what}: the verifier finds it invalid: ${report.reasons.join('; ')}`);
    const timestamps = report.signatures.filter((s) => s.kind === 'document-timestamp').length;
    c.seen.signatures.set(id, { signatures: report.signatures.length - timestamps, timestamps });
  }
  return c.seen.signatures.get(id)!;
}

/** Each result is the revision before a signature or the one after it: one signature per approval and seal, the trail agreeing. */
async function results(c: CheckContext, problems: string[]): Promise<void> {
  for (const d of all(c, "SELECT code, status, result_blob FROM dossiers WHERE result_blob IS NOT NULL AND status IN ('appraised', 'approved', 'sealed', 'returned')")) {
    const expected = SIGNATURES_AT[d.status];
    const rows = all(c, "SELECT output_blob FROM signatures WHERE dossier_code = ? AND purpose IN ('approval', 'seal') ORDER BY id", d.code);
    const audited = all(c, "SELECT detail FROM audit_log WHERE dossier_code = ? AND action = 'signature.applied'", d.code).filter((e) => JSON.parse(e.detail).purpose !== 'certified_copy').length;
    const created = all(c, "SELECT detail FROM audit_log WHERE dossier_code = ? AND action = 'result.created'", d.code).map((e) => JSON.parse(e.detail).blob as string);
    if (created.length !== 1) problems.push(`${d.code}: ${created.length} result.created entries`);
    if (rows.length !== expected || audited !== expected) problems.push(`${d.code} is '${d.status}' with ${rows.length} signature records and ${audited} in the trail (expected ${expected})`);
    const latest = rows.length ? rows[rows.length - 1].output_blob : created[0];
    if (d.result_blob !== latest) problems.push(`${d.code}: the result is not the last recorded revision`);
    const bytes = blob(c, d.result_blob, `${d.code} result`, problems);
    if (!bytes) continue;
    const inFile = await signaturesIn(c, d.result_blob, bytes, `${d.code} result`, problems);
    if (inFile.signatures !== expected) problems.push(`${d.code} is '${d.status}' and its result PDF holds ${inFile.signatures} signatures (expected ${expected})`);
    // Sealing ends with one archive time-stamp over the whole file (PAdES B-LTA); nothing renews it here.
    const stamps = expected === 2 ? 1 : 0;
    if (inFile.timestamps !== stamps) problems.push(`${d.code} is '${d.status}' and its result PDF holds ${inFile.timestamps} document time-stamps (expected ${stamps})`);
  }
}

/** Each certified copy: its blob, one signature, its audit entry, a copy number of its own. */
async function copies(c: CheckContext, problems: string[]): Promise<void> {
  const entries = all(c, "SELECT detail FROM audit_log WHERE action = 'signature.applied'").map((e) => JSON.parse(e.detail)).filter((d) => d.purpose === 'certified_copy');
  const numbers = entries.map((e) => e.copyNumber as string);
  const dupes = numbers.filter((n, i) => numbers.indexOf(n) !== i);
  if (dupes.length) problems.push(`copy numbers issued twice: ${[...new Set(dupes)].join(', ')}`);
  for (const s of all(c, "SELECT dossier_code, output_blob FROM signatures WHERE purpose = 'certified_copy'")) {
    const what = `${s.dossier_code} certified copy ${s.output_blob.slice(0, 12)}`;
    if (!entries.some((e) => e.blob === s.output_blob)) problems.push(`${what} has no audit entry`);
    const bytes = blob(c, s.output_blob, what, problems);
    if (bytes && (await signaturesIn(c, s.output_blob, bytes, what, problems)).signatures !== 1) problems.push(`${what} does not hold exactly one signature`);
  }
  for (const k of c.ledger.copies) if (!numbers.includes(k.copyNumber)) problems.push(`certified copy ${k.copyNumber} of ${k.code} was answered 201 and is gone`);
}

/** Every step answered 200 stayed done. */
function acknowledged(c: CheckContext, problems: string[]): void {
  for (const a of c.ledger.acked) {
    const status = all(c, 'SELECT status FROM dossiers WHERE code = ?', a.code)[0]?.status as string | undefined;
    if (!status || ORDER.indexOf(status) < ORDER.indexOf(AFTER[a.action])) problems.push(`${a.code}: '${a.action}' was answered 200 but the dossier is '${status}'`);
  }
}

export async function checkInvariants(c: CheckContext): Promise<string[]> {
  const problems: string[] = [];
  receptions(c, problems);
  await digitisation(c, problems);
  await results(c, problems);
  await copies(c, problems);
  acknowledged(c, problems);
  const temp = leftoverTempFiles(c.dataDir);
  if (temp) problems.push(`${temp} temp files of killed blob writes are still there after the restart`);
  const res = await c.client.request('auditor', 'GET', '/api/v1/audit/verify');
  const chain = (await res.json()) as { chainValid: boolean; checked: number; firstBroken?: { seq: number; reason: string } };
  if (!chain.chainValid) problems.push(`audit chain broken at ${chain.firstBroken?.seq}: ${chain.firstBroken?.reason}`);
  return problems;
}

/** Temp files killed blob writes left beside the blobs (the start removes them). */
export function leftoverTempFiles(dataDir: string): number {
  const blobs = path.join(dataDir, 'blobs');
  return existsSync(blobs) ? readdirSync(blobs, { recursive: true }).filter((f) => String(f).endsWith('.tmp')).length : 0;
}
