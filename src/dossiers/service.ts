import type { AuthUser } from '../auth/roles';
import { ConflictError, ForbiddenError, NotFoundError } from '../shared/errors';
import { audited } from './audited';
import { recordApology } from './notices';
import type { DossierDeps } from './ports';
import { prepareDocuments, receiveDossier, type IncomingFile, type ReceptionInput } from './reception';
import { createCitizenResult } from './citizen-result';
import { servedAs } from './uploads';
import { loadCase, loadHistory, publicView, seesPersonalData, staffView } from './views';
import { findDossiers, listDossiers, overdueHoldsUntil, workList, type WorkListQuery } from './work-list';
import { certifyDocument, completeExternalSigning, prepareExternalSigning, signResult } from './signing-flow';
import { signBatch } from './batch-signing';
import { appraise, getDossier, precheck, previewResult, resumeAfterSupplement, returnResult, withdraw, type AppraisalInput } from './workflow';

/**
 * The dossier domain's public surface: one object the HTTP layer and the CLI call. Each
 * method takes the acting user; reads of personal data and downloads are audited.
 */
export function createDossierService(deps: DossierDeps) {
  const view = async (actor: AuthUser, code: string) => {
    const found = await deps.uow.read((r) => loadCase(r, code));
    const v = staffView(found, await deps.procedure(found.row.procedureCode), actor.role);
    if (!v.personalDataMasked) await audited(deps, { action: 'personal_data.viewed', actor, dossierCode: code, detail: {} });
    return v;
  };

  async function resultBytes(actor: AuthUser, code: string, purpose: 'download' | 'verification') {
    const row = await deps.uow.read((r) => getDossier(r, code));
    if (!row.resultBlob) throw new NotFoundError('no_result', `Dossier '${code}' has no result document yet (status '${row.status}')`);
    await audited(deps, { action: 'result.downloaded', actor, dossierCode: code, detail: { blob: row.resultBlob, purpose } });
    return deps.blobs.get(row.resultBlob);
  }

  return {
    receive: (actor: AuthUser, input: ReceptionInput) => receiveDossier(deps, actor, input),
    get: view,
    list: (actor: AuthUser, q: { status?: string; limit: number }) => listDossiers(deps.lists, q),
    /** The actor's own queue: what waits for their role, oldest due first. */
    workList: (actor: AuthUser, q: WorkListQuery) => workList(deps.lists, actor, q, deps.now()),
    /** The same queue and the last moment it stays so with time alone (what a kept copy may last). */
    async workListHolding(actor: AuthUser, q: WorkListQuery) {
      const now = deps.now();
      const list = await workList(deps.lists, actor, q, now);
      return { list, holdsUntil: overdueHoldsUntil(list.items, now) };
    },
    /** Tra cứu: by code or applicant name (full-text search over the papers is `search`). */
    find: (actor: AuthUser, text: string) => findDossiers(deps.lists, text, deps.now()),
    async appraise(actor: AuthUser, code: string, input: AppraisalInput) {
      await appraise(deps, actor, code, input);
      return view(actor, code);
    },
    /** The result PDF accepting would make now, for the specialist to check before committing; nothing is stored. */
    previewResult: (actor: AuthUser, code: string, result: { title: string; body: string }) => previewResult(deps, actor, code, result),
    /** Bổ sung hồ sơ: new files become documents; the clock resumes. */
    async supplement(actor: AuthUser, code: string, files: IncomingFile[], note: string | null) {
      await precheck(deps, actor, code, 'supplement'); // 404/403/409 before storing anything
      const added = await prepareDocuments(deps, files);
      await resumeAfterSupplement(deps, actor, code, note, { addedDocuments: added.ids }, (tx, current) => added.insert(tx, actor, code, current.applicantId));
      return view(actor, code);
    },
    async sign(actor: AuthUser, code: string, purpose: 'approval' | 'seal', pin: string) {
      await signResult(deps, actor, code, purpose, pin);
      return view(actor, code);
    },
    /** One PIN for several dossiers, each signed on its own; the outcome per dossier. */
    signBatch: (actor: AuthUser, codes: string[], purpose: 'approval' | 'seal', pin: string) => signBatch(deps, actor, codes, purpose, pin),
    prepareExternal: (actor: AuthUser, code: string, purpose: 'approval' | 'seal') => prepareExternalSigning(deps, actor, code, purpose),
    async completeExternal(actor: AuthUser, code: string, purpose: 'approval' | 'seal', sessionId: string, signatureValue: Uint8Array) {
      await completeExternalSigning(deps, actor, code, purpose, sessionId, signatureValue);
      return view(actor, code);
    },
    async certify(actor: AuthUser, code: string, documentId: string, pin: string) {
      const { copyNumber, certFingerprint } = await certifyDocument(deps, actor, code, documentId, pin);
      return { copyNumber, certFingerprint, download: `/api/v1/dossiers/${code}/documents/${documentId}/certified` };
    },
    async certifiedCopy(actor: AuthUser, code: string, documentId: string) {
      const blob = await deps.uow.read((r) => r.signatures.latestCopyOf(code, documentId));
      if (!blob) throw new NotFoundError('not_certified', `Document '${documentId}' has no certified copy`);
      await audited(deps, { action: 'document.downloaded', actor, dossierCode: code, detail: { documentId, variant: 'certified_copy' } });
      return deps.blobs.get(blob);
    },
    async returnResult(actor: AuthUser, code: string, input: { rating?: number; note?: string }) {
      await returnResult(deps, actor, code, input);
      return view(actor, code);
    },
    async withdraw(actor: AuthUser, code: string, reason: string) {
      await withdraw(deps, actor, code, reason);
      return view(actor, code);
    },
    async apology(actor: AuthUser, code: string, input: { reason: string; newAppointmentAt: number }) {
      await recordApology(deps, actor, code, input);
      return view(actor, code);
    },
    /**
     * The result PDF itself. It names the citizen and cannot be masked without breaking its
     * signatures, so roles that see personal data masked (auditor, admin) may not have it.
     */
    async result(actor: AuthUser, code: string) {
      if (!seesPersonalData(actor.role)) throw new ForbiddenError('forbidden', `Role '${actor.role}' may not download the result document (it holds personal data); its signature report is open`);
      return resultBytes(actor, code, 'download');
    },
    /** The result read only to verify its signatures (auditors too): the bytes never leave the server. */
    resultForVerification: (actor: AuthUser, code: string) => resultBytes(actor, code, 'verification'),
    async sourceDocument(actor: AuthUser, code: string, id: string) {
      const doc = await documentOf(deps, code, id);
      await audited(deps, { action: 'document.downloaded', actor, dossierCode: code, detail: { documentId: id, variant: 'source' } });
      const bytes = await deps.blobs.get(doc.sourceBlob);
      return { bytes, name: doc.name, ...servedAs(bytes, doc.mime) };
    },
    async searchableDocument(actor: AuthUser, code: string, id: string) {
      const doc = await documentOf(deps, code, id);
      if (!doc.pdfBlob) {
        throw new ConflictError('not_digitised', `Document '${id}' has no searchable PDF yet (digitisation status: ${doc.status})`, { status: doc.status });
      }
      await audited(deps, { action: 'document.downloaded', actor, dossierCode: code, detail: { documentId: id, variant: 'searchable' } });
      return deps.blobs.get(doc.pdfBlob);
    },
    /** The recognised text of a digitised document, page by page (what OCR or the PDF's own text gave). */
    async documentText(actor: AuthUser, code: string, id: string) {
      const doc = await documentOf(deps, code, id);
      const pages = await deps.uow.read((r) => r.documents.pages(id));
      await audited(deps, { action: 'document.downloaded', actor, dossierCode: code, detail: { documentId: id, variant: 'text' } });
      return { id, status: doc.status, pages };
    },
    async citizenDocuments(actor: AuthUser, citizenId: string) {
      await audited(deps, { action: 'personal_data.viewed', actor, detail: { citizenDocumentsOf: citizenId.slice(0, 3) + '…' } });
      const docs = await deps.uow.read((r) => r.documents.allDigitisedOf(citizenId));
      return docs.map((d) => ({ id: d.id, dossierCode: d.dossierCode, name: d.name, kind: d.kind, status: d.status, createdAt: d.createdAt }));
    },
    async publicGet(code: string) {
      const found = await deps.uow.read((r) => loadHistory(r, code));
      return publicView(found, await deps.procedure(found.row.procedureCode));
    },
    /** The citizen downloads the sealed result with the slip's access key and their ID's last 4 digits. */
    publicResult: createCitizenResult(deps, deps.accessKeys),
  };
}

export type DossierService = ReturnType<typeof createDossierService>;

async function documentOf(deps: DossierDeps, code: string, id: string) {
  const doc = await deps.uow.read((r) => r.documents.get(code, id));
  if (!doc) throw new NotFoundError('document_not_found', `Dossier '${code}' has no document '${id}'`);
  return doc;
}
