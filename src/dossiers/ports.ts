import type { AuthUser } from '../auth/roles';
import type { AccessKeys } from './access-keys';
import type { BlobStore } from '../storage/blob-store';
import type { Procedure } from '../procedures/procedures';
import type { DossierLists, DossierTx, UnitOfWork } from './store';

/**
 * What the dossier domain needs from the rest of the system. Each is one interface with
 * swappable implementations; the optional ones are capabilities built by later work, and
 * their absence is reported (501 naming what is missing), never faked.
 */

/** Working-time arithmetic (src/calendar). */
export interface WorkingClock {
  dueDate(receivedAtMs: number, workingDays: number): number;
  addWorkingTime(startMs: number, workingMs: number): number;
  workingMsBetween(aMs: number, bMs: number): number;
}

export interface Agency {
  code: string;
  name: string;
  address: string;
}

/** Persists a digitisation job inside the caller's transaction, so a crash after 201 loses nothing. */
export interface DigitisationQueue {
  enqueue(tx: DossierTx, documentId: string): Promise<void>;
}

export interface ResultInput {
  dossierCode: string;
  procedure: Procedure;
  agency: Agency;
  applicantName: string;
  title: string;
  body: string;
  signer: { name: string; title: string };
  issuedAt: number;
}

/** Builds the result document (kết quả giải quyết) with its empty signature places. */
export interface ResultDocumentMaker {
  make(input: ResultInput): Promise<Uint8Array>;
}

export interface SignedOutput {
  pdf: Uint8Array;
  certFingerprint: string;
  certSubject: string;
  /** PAdES level reached by this signature: B-T with a time-stamp, B-LT once a DSS is added. */
  level: string;
}

export type SigningPurpose = 'approval' | 'seal';

/**
 * Signs results: the leader's approval, the organisation's seal on top, certified copies.
 * The local path unlocks a PKCS#12 with the PIN; the external path returns the digest for a
 * token/HSM/remote service and embeds the value it sends back.
 */
export interface ResultSigning {
  sign(input: { purpose: SigningPurpose; pdf: Uint8Array; actor: AuthUser; pin: string; now: number }): Promise<SignedOutput>;
  prepareExternal(input: { purpose: SigningPurpose; pdf: Uint8Array; actor: AuthUser; now: number }): Promise<{ digest: Uint8Array; certificate: Uint8Array; state: string }>;
  completeExternal(input: { state: string; signatureValue: Uint8Array }): Promise<SignedOutput>;
  certifyCopy(input: { pdf: Uint8Array; actor: AuthUser; pin: string; copyNumber: string; now: number }): Promise<SignedOutput>;
}

export interface DossierDeps {
  /** The work lists, the staff's list and its search by code or name. */
  lists: DossierLists;
  /** The procedure of the catalogue (thủ tục) with this code; NotFoundError if there is none. */
  procedure(code: string): Promise<Procedure>;
  /** Every change, its hand-off, audit entries, jobs and numbers, in one transaction. */
  uow: UnitOfWork;
  blobs: BlobStore;
  clock: WorkingClock;
  agency: Agency;
  publicUrl: string;
  /** The citizens' keys to their results (printed on the appointment slip). */
  accessKeys: AccessKeys;
  maxUploadBytes: number;
  maxFiles: number;
  now: () => number;
  results: ResultDocumentMaker;
  digitisation?: DigitisationQueue;
  signing?: ResultSigning;
}
