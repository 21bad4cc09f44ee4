import { randomUUID } from 'node:crypto';
import { requireRole } from '../auth/auth-service';
import type { AuthUser } from '../auth/roles';
import { appendEntry } from '../audit/audit-log';
import { InvalidInputError, NotFoundError, PayloadTooLargeError } from '../shared/errors';
import type { Applicant } from './applicant';
import { nextDossierCode } from './codes';
import type { DossierDeps } from './ports';
import type { DossierTx } from './store';
import type { Channel } from './state-machine';
import { requireAcceptedMime } from './uploads';

export interface IncomingFile {
  name: string;
  bytes: Uint8Array;
  /** original (bản chính), certified_copy (bản sao chứng thực) or copy (bản chụp). */
  kind?: 'original' | 'certified_copy' | 'copy';
  copies?: number;
}

export interface ReceptionInput {
  procedureCode: string;
  applicant: Applicant;
  channel: Channel;
  files: IncomingFile[];
  /** Ids of this citizen's documents already digitised in earlier dossiers (tái sử dụng). */
  reuseDocumentIds?: string[];
}

export interface ReceivedDossier {
  code: string;
  status: 'received';
  receivedAt: number;
  dueAt: number;
  documents: { id: string; name: string; status: string; reusedFrom?: string }[];
}

interface StoredFile extends IncomingFile {
  mime: string;
  blob: string;
  /** The document's id when it was chosen before the transaction (a supplement's). */
  id?: string;
}

/**
 * Tiếp nhận hồ sơ. Validates everything before storing anything; stores file bytes durably,
 * then records the dossier, its documents, the first hand-off, the audit entries and the
 * digitisation jobs in one transaction. If the transaction fails nothing refers to the blobs
 * (content-addressed, so an orphan is harmless and deduplicated on retry).
 */
export async function receiveDossier(deps: DossierDeps, actor: AuthUser, input: ReceptionInput): Promise<ReceivedDossier> {
  requireRole(actor, ['reception'], 'receive dossiers');
  let procedure;
  try {
    procedure = await deps.procedure(input.procedureCode);
  } catch (e) {
    if (e instanceof NotFoundError) throw new InvalidInputError('unknown_procedure', e.message, { procedureCode: input.procedureCode });
    throw e;
  }
  const files = validateFiles(deps, input.files);
  const reuse = await findReusable(deps, input.applicant.applicantId, input.reuseDocumentIds ?? []);
  if (files.length === 0 && reuse.length === 0) throw new InvalidInputError('no_documents', 'At least one file (or a reused document) is required');

  const stored: StoredFile[] = [];
  for (const f of files) stored.push({ ...f, blob: await deps.blobs.put(f.bytes) });

  const now = deps.now();
  const dueAt = deps.clock.dueDate(now, procedure.processingDays);
  return deps.uow.run(async (tx) => {
    const code = await nextDossierCode(tx, deps.agency.code, now);
    await tx.dossiers.insert({
      code,
      agencyCode: deps.agency.code,
      procedureCode: procedure.code,
      ...input.applicant,
      applicantAddress: input.applicant.applicantAddress ?? null,
      channel: input.channel,
      status: 'received',
      receivedAt: now,
      dueAt,
      receivedBy: actor.id,
    });
    const docs = await insertDocuments(tx, deps, actor, code, input.applicant.applicantId, stored, now);
    for (const r of reuse) {
      const id = randomUUID();
      await tx.documents.insert({ ...r, id, dossierCode: code, reusedFrom: r.id, createdAt: now });
      await appendEntry(tx.audit, { action: 'document.reused', actor, dossierCode: code, detail: { documentId: id, reusedFrom: r.id } }, now);
      docs.push({ id, name: r.name, status: r.status, reusedFrom: r.id });
    }
    await tx.transitions.insert({ dossierCode: code, fromStatus: null, toStatus: 'received', action: 'receive', actorId: actor.id, actorRole: actor.role, at: now, note: null });
    await appendEntry(tx.audit, { action: 'dossier.received', actor, dossierCode: code, detail: { procedure: procedure.code, channel: input.channel, dueAt, documents: docs.length } }, now);
    return { code, status: 'received' as const, receivedAt: now, dueAt, documents: docs };
  });
}

/** Records stored files as documents of a dossier (and queues their digitisation), inside `tx`. */
async function insertDocuments(tx: DossierTx, deps: DossierDeps, actor: AuthUser, code: string, citizenId: string, stored: StoredFile[], now: number) {
  const docs: ReceivedDossier['documents'] = [];
  const initial = deps.digitisation ? 'queued' : 'stored';
  for (const f of stored) {
    const id = f.id ?? randomUUID();
    await tx.documents.insert({ id, dossierCode: code, name: f.name, kind: f.kind ?? 'copy', copies: f.copies ?? 1, mime: f.mime, size: f.bytes.length, sourceBlob: f.blob, citizenId, status: initial, createdAt: now });
    await deps.digitisation?.enqueue(tx, id);
    await appendEntry(tx.audit, { action: 'document.uploaded', actor, dossierCode: code, detail: { documentId: id, name: f.name, mime: f.mime, size: f.bytes.length, blob: f.blob } }, now);
    docs.push({ id, name: f.name, status: initial });
  }
  return docs;
}

/** A supplement's files, validated and stored; `insert` records them inside the caller's transaction. */
export interface PreparedDocuments {
  ids: string[];
  insert(tx: DossierTx, actor: AuthUser, code: string, citizenId: string): Promise<void>;
}

/**
 * Adds files to an existing dossier (a supplement): validated and stored before any transaction,
 * recorded by `insert` in the transaction of the supplement's transition, so the documents, their
 * jobs and the clock's resumption commit together (two commits let a kill or a racing second
 * supplement keep the files of a supplement that never happened).
 */
export async function prepareDocuments(deps: DossierDeps, files: IncomingFile[]): Promise<PreparedDocuments> {
  const valid = validateFiles(deps, files);
  const stored: StoredFile[] = [];
  for (const f of valid) stored.push({ ...f, id: randomUUID(), blob: await deps.blobs.put(f.bytes) });
  return { ids: stored.map((f) => f.id!), insert: async (tx, actor, code, citizenId) => void (await insertDocuments(tx, deps, actor, code, citizenId, stored, deps.now())) };
}

function validateFiles(deps: DossierDeps, files: IncomingFile[]): (IncomingFile & { mime: string })[] {
  if (files.length > deps.maxFiles) throw new PayloadTooLargeError('too_many_files', `At most ${deps.maxFiles} files per dossier`);
  return files.map((f) => {
    const name = f.name.normalize('NFC').trim() || 'tài liệu';
    if (f.bytes.length === 0) throw new InvalidInputError('empty_file', `File '${name}' is empty`, { file: name });
    if (f.bytes.length > deps.maxUploadBytes) {
      throw new PayloadTooLargeError('file_too_large', `File '${name}' is ${f.bytes.length} bytes; the limit is ${deps.maxUploadBytes}`, { file: name });
    }
    if (f.copies !== undefined && (!Number.isInteger(f.copies) || f.copies < 1 || f.copies > 100)) {
      throw new InvalidInputError('invalid_copies', `copies for '${name}' must be 1–100`);
    }
    return { ...f, name, mime: requireAcceptedMime(f.bytes, name) };
  });
}

/**
 * Only the same citizen's documents may be reused, and only digitised ones: the copy takes the
 * searchable PDF along, and a copy of one still queued would have no job and stay queued.
 */
async function findReusable(deps: DossierDeps, citizenId: string, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await deps.uow.read((r) => r.documents.digitisedOf(citizenId, ids));
  const missing = ids.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length) throw new InvalidInputError('unknown_document', `No digitised document of this citizen with id ${missing.join(', ')}`, { missing });
  return rows;
}
