import type { AuthUser } from '../auth/roles';
import type { Db } from '../db/client';
import type { BlobStore } from '../storage/blob-store';
import type { Procedure } from '../procedures/procedures';

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
  enqueue(tx: Db, documentId: string): void;
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

/** Applies the leader's approval signature or the organisation's seal signature to the result. */
export interface ResultSigning {
  sign(input: { purpose: 'approval' | 'seal'; pdf: Uint8Array; actor: AuthUser; pin: string; dossierCode: string; now: number }): Promise<{
    pdf: Uint8Array;
    certFingerprint: string;
    certSubject: string;
    level: string;
  }>;
}

export interface DossierDeps {
  db: Db;
  blobs: BlobStore;
  clock: WorkingClock;
  agency: Agency;
  publicUrl: string;
  maxUploadBytes: number;
  maxFiles: number;
  now: () => number;
  results: ResultDocumentMaker;
  digitisation?: DigitisationQueue;
  signing?: ResultSigning;
}
