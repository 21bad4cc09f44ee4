// What the HTTP layer (JSON API and web pages) may call, grouped by concern. Type-only imports
// throughout: nothing of SQLite, Node or a composition root reaches the HTTP bundle. Every call
// that touches storage answers a Promise, so a root on another platform (PostgreSQL, Workers
// with D1/R2) serves the same contract however its storage is reached.
import type { AuthUser, Role } from '../auth/roles';
import type { StreamSlot, StreamSlotSettings } from '../auth/stream-slots';
import type { AuditEntry, ChainCheck } from '../audit/audit-log';
import type { CheckpointedCheck } from '../audit/checkpoints';
import type { Holiday } from '../calendar/holidays';
import type { Override } from '../calendar/overrides';
import type { BatchOutcome } from '../dossiers/batch-signing';
import type { ResultProof } from '../dossiers/citizen-result';
import type { DossierEvents } from '../dossiers/events';
import type { SlipKind } from '../dossiers/paperwork';
import type { IncomingFile, ReceivedDossier, ReceptionInput } from '../dossiers/reception';
import type { computeStats } from '../dossiers/stats';
import type { publicView, staffView } from '../dossiers/views';
import type { listDossiers, WorkItem, workList, WorkListQuery } from '../dossiers/work-list';
import type { AppraisalInput } from '../dossiers/workflow';
import type { RenewalOutcome, RenewOptions } from '../archive/service';
import type { Procedure } from '../procedures/procedures';
import type { SearchHit } from '../search/search-index';
import type { VerificationReport } from '../verify';

export type StaffView = ReturnType<typeof staffView>;
export type PublicView = ReturnType<typeof publicView>;
export type WorkListPage = Awaited<ReturnType<typeof workList>>;
export type DossierListItem = Awaited<ReturnType<typeof listDossiers>>[number];
export type Stats = Awaited<ReturnType<typeof computeStats>>;
export type SigningPurpose = 'approval' | 'seal';
export type ImageKind = 'signature' | 'seal';
export interface NewUser {
  username: string;
  password: string;
  role: Role;
  displayName: string;
  title?: string;
}

/** What a page or route needs to know of the deployment (never the whole configuration). */
export interface AppSettings {
  agency: { code: string; name: string; address: string };
  maxUploadBytes: number;
  maxFiles: number;
  /** The service's clock (a test's controllable one, or Date.now). */
  now(): number;
}

export interface AuthServices {
  login(username: string, password: string, client?: string): Promise<{ token: string; user: AuthUser; expiresAt: number }>;
  /** The token's user, or UnauthenticatedError. */
  authenticate(token: string | undefined, seenSessions?: number): Promise<AuthUser>;
  logout(token: string): Promise<void>;
  /** A live-stream slot (429 beyond the caps), ended by the session's logout. In memory. */
  openStream(user: AuthUser, token: string): StreamSlot;
  readonly streamSettings: StreamSlotSettings;
}

export interface UserServices {
  list(): Promise<AuthUser[]>;
  find(username: string): Promise<AuthUser | undefined>;
  create(actor: AuthUser, input: NewUser): Promise<AuthUser>;
}

export interface DossierServices {
  receive(actor: AuthUser, input: ReceptionInput): Promise<ReceivedDossier>;
  get(actor: AuthUser, code: string): Promise<StaffView>;
  list(actor: AuthUser, q: { status?: string; limit: number }): Promise<DossierListItem[]>;
  workList(actor: AuthUser, q: WorkListQuery): Promise<WorkListPage>;
  /** The same queue and the last moment it stays so with time alone (what a kept copy may last). */
  workListHolding(actor: AuthUser, q: WorkListQuery): Promise<{ list: WorkListPage; holdsUntil: number }>;
  find(actor: AuthUser, text: string): Promise<WorkItem[]>;
  appraise(actor: AuthUser, code: string, input: AppraisalInput): Promise<StaffView>;
  previewResult(actor: AuthUser, code: string, result: { title: string; body: string }): Promise<Uint8Array>;
  supplement(actor: AuthUser, code: string, files: IncomingFile[], note: string | null): Promise<StaffView>;
  sign(actor: AuthUser, code: string, purpose: SigningPurpose, pin: string): Promise<StaffView>;
  signBatch(actor: AuthUser, codes: string[], purpose: SigningPurpose, pin: string): Promise<BatchOutcome[]>;
  prepareExternal(actor: AuthUser, code: string, purpose: SigningPurpose): Promise<{ sessionId: string; digest: string; digestAlgorithm: string; certificate: string; expiresAt: number }>;
  completeExternal(actor: AuthUser, code: string, purpose: SigningPurpose, sessionId: string, signatureValue: Uint8Array): Promise<StaffView>;
  certify(actor: AuthUser, code: string, documentId: string, pin: string): Promise<{ copyNumber: string; certFingerprint: string; download: string }>;
  certifiedCopy(actor: AuthUser, code: string, documentId: string): Promise<Uint8Array>;
  returnResult(actor: AuthUser, code: string, input: { rating?: number; note?: string }): Promise<StaffView>;
  withdraw(actor: AuthUser, code: string, reason: string): Promise<StaffView>;
  apology(actor: AuthUser, code: string, input: { reason: string; newAppointmentAt: number }): Promise<StaffView>;
  result(actor: AuthUser, code: string): Promise<Uint8Array>;
  resultForVerification(actor: AuthUser, code: string): Promise<Uint8Array>;
  sourceDocument(actor: AuthUser, code: string, id: string): Promise<{ bytes: Uint8Array; name: string; mime: string; inline: boolean }>;
  searchableDocument(actor: AuthUser, code: string, id: string): Promise<Uint8Array>;
  documentText(actor: AuthUser, code: string, id: string): Promise<{ id: string; status: string; pages: { page: number; text: string }[] }>;
  citizenDocuments(actor: AuthUser, citizenId: string): Promise<{ id: string; dossierCode: string; name: string; kind: string; status: string; createdAt: number }[]>;
  publicGet(code: string): Promise<PublicView>;
  publicResult(code: string, proof: ResultProof, client: string): Promise<Uint8Array>;
}

export interface CalendarYear {
  year: number;
  hours: string;
  holidays: Holiday[];
  overrides: Override[];
}

export interface VerifierServices {
  verify(bytes: Uint8Array): Promise<VerificationReport>;
  html(r: VerificationReport, subject?: string): string;
  pdf(r: VerificationReport, subject?: string): Promise<Uint8Array>;
}

/** The development PKI's public endpoints (CRLs, CA certificates, OCSP, TSA), when loaded. */
export interface PkiEndpoints {
  crl(name: 'root' | 'issuing'): Promise<Uint8Array>;
  caCertificate(name: 'root' | 'issuing'): Promise<Uint8Array>;
  ocsp(request: Uint8Array): Promise<Uint8Array>;
  tsa(request: Uint8Array): Promise<Uint8Array>;
}

export interface Health {
  database: string;
  capabilities: { digitisation: boolean; signing: boolean };
}

export interface AppServices {
  settings: AppSettings;
  auth: AuthServices;
  users: UserServices;
  procedures: { list(): Promise<Procedure[]> };
  dossiers: DossierServices;
  /** Full-text search over digitised pages; who searched for what is audited. */
  search: { pages(actor: AuthUser, q: string, limit?: number): Promise<{ hits: SearchHit[] }> };
  slips: { render(actor: AuthUser, code: string, kind: SlipKind): Promise<Uint8Array> };
  verifier: VerifierServices;
  audit: {
    forDossier(actor: AuthUser, code: string): Promise<{ entries: AuditEntry[] } & ChainCheck>;
    /** The whole chain (and the stored checkpoints); `sinceCheckpoint`: from the last checkpoint on. */
    verify(o?: { sinceCheckpoint?: boolean }): Promise<CheckpointedCheck>;
  };
  stats: { compute(from?: string, to?: string): Promise<Stats> };
  calendar: {
    year(year: number): Promise<CalendarYear>;
    upsert(actor: AuthUser, input: unknown): Promise<Override>;
    remove(actor: AuthUser, date: string): Promise<Override>;
  };
  images: {
    set(actor: AuthUser, kind: ImageKind, bytes: Uint8Array, username?: string): Promise<{ kind: ImageKind; username: string | null; width: number; height: number }>;
    /** The image signing would draw now: the uploaded one, else the generated default. */
    current(kind: ImageKind, username?: string): Promise<{ png: Uint8Array; uploaded: boolean }>;
  };
  archive: { renew(o: RenewOptions): Promise<RenewalOutcome[]> };
  /** Present when this instance runs the development PKI. */
  pki: PkiEndpoints | undefined;
  events: Pick<DossierEvents, 'subscribe'>;
  /**
   * The count of committed changes to what the work lists and the citizen's lookup show; the
   * HTTP answer caches compare it before every answer. Synchronous on purpose: it is asked on
   * every request. SQLite reads a trigger-kept row (any writer moves it); a server database's
   * root would keep the number in memory from its change notifications (LISTEN/NOTIFY).
   */
  changes: {
    version(): number;
    /** This count and the sessions' (src/auth/session-cache.ts) as one read, for a request that needs both. */
    both(): { changes: number; sessions: number };
  };
  health(): Promise<Health>;
  /** Finishes background work, then releases workers and storage. */
  close(): Promise<void>;
}
