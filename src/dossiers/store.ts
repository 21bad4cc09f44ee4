import type { AuditStore } from '../audit/ports';
import type { JobsTx } from '../jobs/ports';
import type { PageIndexTx } from '../search/page-index';
import type { DocumentRecord, DossierRecord, NewDocument, NewDossier, NewSignature, NewTransition, TransitionRecord } from './records';

/**
 * The dossier domain's persistence ports. Everything that must hold together (a change, its
 * hand-off, its audit entry, its jobs, the numbers it allocates) is done through one `DossierTx`
 * inside `UnitOfWork.run`, which commits all of it or none. Each method's comment says which
 * lock it takes: the invariants rest on these, not on the database being synchronous.
 */
export interface DossierReads {
  dossiers: {
    get(code: string): Promise<DossierRecord | undefined>;
  };
  documents: {
    get(dossierCode: string, id: string): Promise<DocumentRecord | undefined>;
    /** A document by its id alone (a background job knows no more of it). */
    find(id: string): Promise<DocumentRecord | undefined>;
    /** Of `ids`, those of `citizenId` that are digitised ('done'). */
    digitisedOf(citizenId: string, ids: readonly string[]): Promise<DocumentRecord[]>;
    /** Every digitised document of `citizenId`, newest first (what a new dossier may reuse). */
    allDigitisedOf(citizenId: string): Promise<DocumentRecord[]>;
    /** A dossier's documents in the order they were handed in. */
    of(dossierCode: string): Promise<DocumentRecord[]>;
    /** The recognised text of a document, page by page in order. */
    pages(documentId: string): Promise<{ page: number; text: string }[]>;
  };
  signatures: {
    /** The highest copy number given in `year` (0 when none); in a transaction it locks the year's numbering until the end. */
    lastCopySeq(year: number): Promise<number>;
    /** The blob of the latest certified copy of a document, if any. */
    latestCopyOf(dossierCode: string, documentId: string): Promise<string | undefined>;
  };
  transitions: {
    /** A dossier's hand-offs, oldest first, each with who made it. */
    of(dossierCode: string): Promise<TransitionRecord[]>;
  };
  staff: {
    /** The agency's first active leader, whose name goes under the result's signature. */
    firstLeader(): Promise<{ displayName: string; title: string | null } | undefined>;
  };
  signingSessions: {
    /** The session if it is for this dossier and purpose and has not expired at `now`. */
    findOpen(id: string, dossierCode: string, purpose: string, now: number): Promise<SigningSession | undefined>;
  };
}

/** A two-step signing waiting for the signature value made outside (token, HSM, remote service). */
export interface SigningSession {
  id: string;
  dossierCode: string;
  purpose: string;
  userId: number;
  state: unknown;
  createdAt: number;
  expiresAt: number;
}

export interface DossierTx extends DossierReads {
  dossiers: DossierReads['dossiers'] & {
    insert(row: NewDossier): Promise<void>;
    /** Updates the dossier if it is still at `version` (and increments it); undefined when someone else changed it first. */
    update(code: string, version: number, patch: Partial<DossierRecord>): Promise<DossierRecord | undefined>;
    /** The next number of `agencyCode`'s sequence for `day`, taken under a lock held until the transaction ends. */
    nextNumber(agencyCode: string, day: string): Promise<number>;
  };
  documents: DossierReads['documents'] & {
    insert(row: NewDocument): Promise<void>;
    /** Changes a document's digitisation state; the document as it now is, undefined when there is none. */
    update(id: string, patch: DocumentPatch): Promise<DocumentRecord | undefined>;
  };
  transitions: DossierReads['transitions'] & {
    insert(row: NewTransition): Promise<void>;
  };
  signatures: DossierReads['signatures'] & {
    /** A copy number already given (same year and number) is a `DuplicateKeyError`. */
    insert(row: NewSignature): Promise<void>;
  };
  signingSessions: DossierReads['signingSessions'] & {
    insert(session: SigningSession): Promise<void>;
    delete(id: string): Promise<void>;
  };
  audit: AuditStore;
  jobs: JobsTx;
  /** A digitised document's page text and its search entries. */
  pages: PageIndexTx;
  /** Runs `fn` once the transaction has committed; never when it rolls back. */
  afterCommit(fn: () => void): void;
}

/** What digitisation changes of a document. */
export type DocumentPatch = Partial<Pick<DocumentRecord, 'status' | 'pagesDone' | 'pageCount' | 'pdfBlob' | 'error'>>;

/** A dossier as the work lists show it. */
export interface WorkRow {
  code: string;
  status: string;
  procedureCode: string;
  procedureName: string;
  applicantName: string;
  receivedAt: number;
  dueAt: number;
  clockPausedAt: number | null;
  resolvedAt: number | null;
}

/** The lists staff work from (read models, committed data only). */
export interface DossierLists {
  /** The dossiers in `statuses`, oldest due first (then by code): `limit` from `offset`, and how many in all. */
  queue(statuses: readonly string[], offset: number, limit: number): Promise<{ total: number; rows: WorkRow[] }>;
  /** Every dossier, or those in one status, newest first. */
  recent(status: string | undefined, limit: number): Promise<Pick<WorkRow, 'code' | 'status' | 'procedureCode' | 'applicantName' | 'receivedAt' | 'dueAt'>[]>;
  /** Up to `limit` dossiers, oldest due first, that may have `text` in their code or applicant's name: at least all that do (the caller matches exactly). */
  candidates(text: string, limit: number): Promise<WorkRow[]>;
  /** The dossiers in `statuses` that hold a result, by code, with the result's blob (archive renewal's round). */
  withResult(statuses: readonly string[]): Promise<{ code: string; resultBlob: string }[]>;
}

export interface UnitOfWork {
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws (the
   * error is rethrown). `work` should do no slow I/O (blobs, signing): do that before.
   */
  run<T>(work: (tx: DossierTx) => Promise<T>): Promise<T>;
  /** Reads outside any change: each sees committed data only. */
  read<T>(work: (r: DossierReads) => Promise<T>): Promise<T>;
}

/** A unique key (a copy number, a dossier code) that another transaction already took. */
export class DuplicateKeyError extends Error {
  constructor(what: string) {
    super(`duplicate key: ${what}`);
    this.name = 'DuplicateKeyError';
  }
}
