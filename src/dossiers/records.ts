/**
 * The dossier domain's stored records, as plain data: repositories (store.ts) take and give
 * these, whatever database keeps them.
 */

/** Hồ sơ. */
export interface DossierRecord {
  code: string;
  agencyCode: string;
  procedureCode: string;
  applicantName: string;
  applicantId: string;
  applicantPhone: string;
  applicantAddress: string | null;
  channel: 'direct' | 'online' | 'post';
  status: string;
  receivedAt: number;
  dueAt: number;
  clockPausedAt: number | null;
  supplementCount: number;
  resolvedAt: number | null;
  returnedAt: number | null;
  rating: number | null;
  resultBlob: string | null;
  receivedBy: number;
  /** Optimistic-lock counter: every update checks and increments it. */
  version: number;
}

export type NewDossier = Omit<DossierRecord, 'clockPausedAt' | 'supplementCount' | 'resolvedAt' | 'returnedAt' | 'rating' | 'resultBlob' | 'version'>;

/** One paper document of a dossier (thành phần hồ sơ) and its digitisation. */
export interface DocumentRecord {
  id: string;
  dossierCode: string;
  name: string;
  kind: 'original' | 'certified_copy' | 'copy';
  copies: number;
  mime: string;
  size: number;
  sourceBlob: string;
  citizenId: string;
  reusedFrom: string | null;
  status: string;
  pagesDone: number;
  pageCount: number | null;
  pdfBlob: string | null;
  error: string | null;
  createdAt: number;
}

export type NewDocument = Omit<DocumentRecord, 'reusedFrom' | 'pagesDone' | 'pageCount' | 'pdfBlob' | 'error'> & Partial<Pick<DocumentRecord, 'reusedFrom' | 'pageCount' | 'pagesDone' | 'pdfBlob'>>;

/** A hand-off (phiếu kiểm soát quá trình). */
export interface NewTransition {
  dossierCode: string;
  fromStatus: string | null;
  toStatus: string;
  action: string;
  actorId: number | null;
  actorRole: string | null;
  at: number;
  dueAt?: number | null;
  note: string | null;
  data?: Record<string, unknown> | null;
}

/** A stored hand-off with the staff member who made it (none for the citizen's own steps). */
export interface TransitionRecord extends NewTransition {
  dueAt: number | null;
  data: Record<string, unknown> | null;
  actor: { username: string; displayName: string; role: string } | null;
}

export interface NewSignature {
  dossierCode: string;
  documentId: string | null;
  purpose: 'approval' | 'seal' | 'certified_copy';
  signerUserId: number;
  certFingerprint: string;
  certSubject: string;
  signedAt: number;
  inputBlob: string;
  outputBlob: string;
  level: string;
  /** A certified copy's number (copySeq/copyYear); unique. */
  copyYear?: number;
  copySeq?: number;
}
