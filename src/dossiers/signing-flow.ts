import { randomUUID } from 'node:crypto';
import type { AuthUser } from '../auth/roles';
import { appendEntry } from '../audit/audit-log';
import { ConflictError, ForbiddenError, NotFoundError, NotImplementedError } from '../shared/errors';
import { localParts } from '../shared/time';
import type { DossierDeps, ResultSigning, SignedOutput, SigningPurpose } from './ports';
import { CLOSED, RULES, type Action, type Status } from './state-machine';
import { DuplicateKeyError, type DossierReads, type DossierTx } from './store';
import { applyTransition, getDossier, precheck, type DossierRow } from './workflow';

const SESSION_TTL_MS = 15 * 60_000;
const actionOf = (purpose: SigningPurpose): Action => (purpose === 'approval' ? 'approve' : 'seal');

function signing(deps: DossierDeps, action: Action): ResultSigning {
  if (!deps.signing) throw new NotImplementedError('signing_not_available', `${RULES[action].label}: digital signing is not configured on this instance`);
  return deps.signing;
}

function resultOf(row: DossierRow): string {
  if (!row.resultBlob) throw new ConflictError('no_result', `Dossier '${row.code}' has no result document to sign`);
  return row.resultBlob;
}

/** Records the signed result: new blob, the transition, the signature row and audit, in one transaction. */
async function record(deps: DossierDeps, actor: AuthUser, code: string, purpose: SigningPurpose, inputBlob: string, signed: SignedOutput, also?: (tx: DossierTx) => Promise<void>): Promise<DossierRow> {
  const now = deps.now();
  const blob = await deps.blobs.put(signed.pdf);
  const detail = { resultBlob: blob, certFingerprint: signed.certFingerprint, certSubject: signed.certSubject, level: signed.level };
  return applyTransition(deps, actor, code, actionOf(purpose), {
    data: detail,
    patch: { resultBlob: blob, ...(purpose === 'seal' ? { resolvedAt: now } : {}) },
    also: async (tx, current) => {
      // The result must not have changed between reading it and signing it.
      if (current.resultBlob !== inputBlob) throw new ConflictError('result_changed', `The result of '${code}' changed while it was being signed; sign again`);
      await insertSignature(tx, { dossierCode: code, purpose, actor, inputBlob, output: blob, signed, now });
      await appendEntry(tx.audit, { action: 'signature.applied', actor, dossierCode: code, detail: { purpose, ...detail } }, now);
      await also?.(tx);
    },
  });
}

type SignatureFacts = { dossierCode: string; documentId?: string; purpose: 'approval' | 'seal' | 'certified_copy'; actor: AuthUser; inputBlob: string; output: string; signed: SignedOutput; now: number; copy?: { year: number; seq: number } };

function insertSignature(tx: DossierTx, s: SignatureFacts): Promise<void> {
  return tx.signatures.insert({
    dossierCode: s.dossierCode,
    documentId: s.documentId ?? null,
    purpose: s.purpose,
    signerUserId: s.actor.id,
    certFingerprint: s.signed.certFingerprint,
    certSubject: s.signed.certSubject,
    signedAt: s.now,
    inputBlob: s.inputBlob,
    outputBlob: s.output,
    level: s.signed.level,
    copyYear: s.copy?.year,
    copySeq: s.copy?.seq,
  });
}

/** Phê duyệt / đóng dấu with the key on the server (PKCS#12 unlocked by the PIN for this signing only). */
export async function signResult(deps: DossierDeps, actor: AuthUser, code: string, purpose: SigningPurpose, pin: string): Promise<DossierRow> {
  const action = actionOf(purpose);
  const row = await precheck(deps, actor, code, action);
  const provider = signing(deps, action);
  const inputBlob = resultOf(row);
  const signed = await provider.sign({ purpose, pdf: await deps.blobs.get(inputBlob), actor, pin, now: deps.now() });
  return record(deps, actor, code, purpose, inputBlob, signed);
}

/** Step 1 of signing with a key elsewhere: the digest to sign, and a session to complete. */
export async function prepareExternalSigning(deps: DossierDeps, actor: AuthUser, code: string, purpose: SigningPurpose) {
  const action = actionOf(purpose);
  const row = await precheck(deps, actor, code, action);
  const inputBlob = resultOf(row);
  const now = deps.now();
  const prepared = await signing(deps, action).prepareExternal({ purpose, pdf: await deps.blobs.get(inputBlob), actor, now });
  const id = randomUUID();
  await deps.uow.run((tx) => tx.signingSessions.insert({ id, dossierCode: code, purpose, userId: actor.id, state: { inputBlob, inner: prepared.state }, createdAt: now, expiresAt: now + SESSION_TTL_MS }));
  return { sessionId: id, digest: Buffer.from(prepared.digest).toString('base64'), digestAlgorithm: 'SHA-256', certificate: Buffer.from(prepared.certificate).toString('base64'), expiresAt: now + SESSION_TTL_MS };
}

/** Step 2: the signature value comes back; it is checked against the certificate before embedding. */
export async function completeExternalSigning(deps: DossierDeps, actor: AuthUser, code: string, purpose: SigningPurpose, sessionId: string, signatureValue: Uint8Array): Promise<DossierRow> {
  const action = actionOf(purpose);
  await precheck(deps, actor, code, action);
  const session = await deps.uow.read((r) => r.signingSessions.findOpen(sessionId, code, purpose, deps.now()));
  if (!session) throw new NotFoundError('signing_session_not_found', 'No open signing session with that id for this dossier (it may have expired: prepare again)');
  if (session.userId !== actor.id) throw new ForbiddenError('not_your_session', 'This signing session was prepared by another user');
  const { inputBlob, inner } = session.state as { inputBlob: string; inner: string };
  const signed = await signing(deps, action).completeExternal({ state: inner, signatureValue });
  // The session ends with the signature it completes: one commit, so it is never used twice.
  return record(deps, actor, code, purpose, inputBlob, signed, (tx) => tx.signingSessions.delete(sessionId));
}

/** Certifying needs an open dossier: the organisation must not sign papers of a closed one. */
async function assertOpen(reads: DossierReads, code: string): Promise<void> {
  const { status } = await getDossier(reads, code);
  if (CLOSED.includes(status as Status)) {
    throw new ConflictError('dossier_closed', `Dossier '${code}' is '${status}': its documents can no longer be certified`, { status });
  }
}

/**
 * Bản sao điện tử chứng thực từ bản chính: the organisation certificate signs the digitised
 * document, with the copy number, organisation and time printed at the top right of page 1.
 * Only the PDF/A made by digitisation is signed, never the raw upload: what the organisation
 * certifies is the copy the service produced from the original handed in at the counter.
 * Copy numbers (n/year) count from 1 each local year and are stored, unique, with the signature.
 */
export async function certifyDocument(deps: DossierDeps, actor: AuthUser, code: string, documentId: string, pin: string) {
  const doc = await deps.uow.read((r) => r.documents.get(code, documentId));
  if (!doc) throw new NotFoundError('document_not_found', `Dossier '${code}' has no document '${documentId}'`);
  await deps.uow.read((r) => assertOpen(r, code));
  const source = doc.pdfBlob;
  if (!source) throw new ConflictError('not_digitised', `Document '${documentId}' has not been digitised yet (status: ${doc.status}); only its digitised PDF can be certified`, { status: doc.status });
  const provider = signing(deps, 'seal');
  // The number is printed inside the signed copy, so it is chosen before signing; a copy certified
  // meanwhile by someone else took it, and this one is signed again with the next number.
  for (let attempt = 0; attempt < COPY_NUMBER_TRIES; attempt++) {
    const now = deps.now();
    const year = localParts(now).year;
    const seq = (await deps.uow.read((r) => r.signatures.lastCopySeq(year))) + 1;
    const copyNumber = `${String(seq).padStart(4, '0')}/${year}`;
    const signed = await provider.certifyCopy({ pdf: await deps.blobs.get(source), actor, pin, copyNumber, now });
    const blob = await deps.blobs.put(signed.pdf);
    const recorded = await deps.uow
      .run(async (tx) => {
        await assertOpen(tx, code); // again: the dossier may have been closed while the copy was signed
        if ((await tx.signatures.lastCopySeq(year)) !== seq - 1) return false;
        await insertSignature(tx, { dossierCode: code, documentId, purpose: 'certified_copy', actor, inputBlob: source, output: blob, signed, now, copy: { year, seq } });
        await appendEntry(tx.audit, { action: 'signature.applied', actor, dossierCode: code, detail: { purpose: 'certified_copy', documentId, copyNumber, blob, certFingerprint: signed.certFingerprint } }, now);
        return true;
      })
      .catch((e: unknown) => {
        if (e instanceof DuplicateKeyError) return false; // the unique index caught what the lock should have
        throw e;
      });
    if (recorded) return { copyNumber, blob, certFingerprint: signed.certFingerprint, pdf: signed.pdf };
  }
  throw new ConflictError('copy_number_taken', 'Other copies were certified at the same moment each time; certify again');
}

/** Tries at a copy number before giving up (each lost try is a copy someone else certified meanwhile). */
const COPY_NUMBER_TRIES = 5;
