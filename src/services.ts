import path from 'node:path';
import { AuthService } from './auth/auth-service';
import type { AuthUser, Role } from './auth/roles';
import { auditEntries, verifyChain, verifyEntries } from './audit/audit-log';
import { appendAudit, recordAudit, sqliteAuditReader } from './db/sqlite/audit';
import { createWorkingCalendar, type WorkingCalendar } from './calendar';
import { deleteOverride, listAllOverrides, listOverrides, upsertOverride } from './calendar/overrides-store';
import type { Config } from './config';
import type { DevPki } from './pki';
import { openDatabase, type DbHandle } from './db/client';
import { sqliteUnitOfWork } from './db/sqlite/unit-of-work';
import { sqliteDossierLists } from './db/sqlite/dossier-lists';
import { sqliteSessionStore, sqliteUserStore } from './db/sqlite/auth';
import { renderSlip, type SlipKind } from './dossiers/paperwork';
import { createDigitisePool, createDocumentDigitiser } from './digitise';
import { digitisationQueue, startDigitisationRunner, type RunnerDeps } from './dossiers/digitisation';
import type { DossierDeps, ResultDocumentMaker, ResultSigning, WorkingClock } from './dossiers/ports';
import { createAccessKeys, loadAccessSecret } from './dossiers/access-keys';
import { createResultSigning } from './dossiers/result-signing';
import { createImageStore } from './dossiers/signature-images';
import { createDossierService } from './dossiers/service';
import { computeStats } from './dossiers/stats';
import { getDossier } from './dossiers/workflow';
import { createDossierEvents, type DossierEvents } from './dossiers/events';
import { SqliteQueue } from './jobs/queue';
import { getProcedure, listProcedures } from './procedures/procedures';
import { searchPages } from './search/page-index';
import { createVerifyPool, renderReportHtml, renderReportPdf, type VerificationReport, type VerifyPoolOptions } from './verify';
import { InvalidInputError, NotFoundError } from './shared/errors';
import { archiveSources, renewArchivedResults, type RenewOptions } from './archive';
import { defaultSealImage, defaultSignatureImage } from './signing/images';
import { fromLocal } from './shared/time';
import { blobRoot, LocalBlobStore } from './storage/local-blob-store';
import type { BlobStore } from './storage/blob-store';

export interface ServiceOptions {
  config: Config;
  handle?: DbHandle;
  blobs?: BlobStore;
  now?: () => number;
  results: ResultDocumentMaker;
  /**
   * Digitise documents in this process: OCR worker threads (default one per core). Without it
   * documents are queued (status `queued`) and wait for an instance that runs the pipeline.
   */
  digitise?: { threads?: number; lang?: string };
  /** Where background work reports what no request will (a document that failed to digitise). */
  log?: (obj: object, msg: string) => void;
  signing?: ResultSigning;
  events?: DossierEvents;
  /** The development PKI (CRL, OCSP, TSA endpoints), when this instance runs one. */
  pki?: DevPki;
  /** Verification threads and their time and memory budget (defaults: DEFAULT_VERIFY_POOL). */
  verify?: VerifyPoolOptions;
}

/**
 * The composition root of the embedded default: SQLite + local blob store. Everything the
 * HTTP app and the CLI call hangs off the object returned here.
 */
export function createServices(opts: ServiceOptions) {
  const { config } = opts;
  const handle = opts.handle ?? openDatabase(path.join(config.dataDir, 'taicho.sqlite'));
  const { db } = handle;
  const blobs = opts.blobs ?? new LocalBlobStore(blobRoot(config.dataDir));
  const now = opts.now ?? Date.now;
  const images = createImageStore(config.dataDir);
  const auth = new AuthService({ users: sqliteUserStore(db), sessions: sqliteSessionStore(db) }, config.tokenTtlMs, now);
  const verifyPool = createVerifyPool(opts.verify);
  // Digitisation jobs commit with the documents that need them, in the reception's transaction.
  const queue = new SqliteQueue(db, now);
  // Every change of the dossier domain, with its hand-off, audit entries, numbers and jobs.
  const uow = sqliteUnitOfWork(handle, queue);
  const auditReader = sqliteAuditReader(db);

  // The calendar is rebuilt whenever an admin amends the yearly table.
  let calendar: WorkingCalendar = buildCalendar();
  function buildCalendar() {
    return createWorkingCalendar({ hours: config.workingHours, overrides: listAllOverrides(db) });
  }
  const clock: WorkingClock = {
    dueDate: (a, d) => calendar.dueDate(a, d),
    addWorkingTime: (a, ms) => calendar.addWorkingTime(a, ms),
    workingMsBetween: (a, b) => calendar.workingMsBetween(a, b),
  };

  const deps: DossierDeps = {
    uow,
    lists: sqliteDossierLists(db),
    procedure: (code) => getProcedure(db, code),
    blobs,
    clock,
    agency: config.agency,
    publicUrl: config.publicUrl,
    accessKeys: createAccessKeys(loadAccessSecret(config.dataDir)),
    maxUploadBytes: config.maxUploadBytes,
    maxFiles: config.maxFiles,
    now,
    results: opts.results,
    digitisation: digitisationQueue(),
    signing: opts.signing ?? createResultSigning({ pki: () => services.pki, agencyName: config.agency.name, tsaUrl: config.tsaUrl, images }),
  };
  const dossiers = createDossierService(deps);
  const events = opts.events ?? createDossierEvents();
  const digitising = opts.digitise && startDigitising(opts.digitise, { db, blobs, queue, events, now, log: opts.log });

  const services = {
    config,
    handle,
    blobs,
    deps,
    auth,
    dossiers,
    users: {
      async create(actor: AuthUser, input: { username: string; password: string; role: Role; displayName: string; title?: string }) {
        return auth.createUser(input, { action: 'user.created', actor, detail: { username: input.username, role: input.role } });
      },
    },
    procedures: { list: () => listProcedures(db) },
    images: {
      async set(actor: AuthUser, kind: 'signature' | 'seal', bytes: Uint8Array, username?: string) {
        if (kind === 'signature' && !(await auth.findUser(username ?? ''))) throw new NotFoundError('user_not_found', `No user '${username}'`);
        const size = await images.set(kind, bytes, username);
        recordAudit(db, { action: 'settings.changed', actor, detail: { image: kind, username: username ?? null, ...size } }, now());
        return { kind, username: username ?? null, ...size };
      },
      /** The image signing would draw now: the uploaded one, else the generated default. */
      async current(kind: 'signature' | 'seal', username?: string): Promise<{ png: Uint8Array; uploaded: boolean }> {
        const user = kind === 'signature' ? await auth.findUser(username ?? '') : undefined;
        if (kind === 'signature' && !user) throw new NotFoundError('unknown_user', `No user '${username}'`);
        const own = kind === 'seal' ? images.seal() : images.signature(user!.username);
        if (own) return { png: own, uploaded: true };
        const png = kind === 'seal' ? await defaultSealImage(config.agency.name) : await defaultSignatureImage(user!.displayName);
        return { png, uploaded: false };
      },
    },
    events,
    /** The in-process digitisation, when this instance runs it. */
    digitisation: digitising ? { threads: digitising.threads, resumed: digitising.runner.recovered } : undefined,
    /** Attached by the bootstrap once the PKI is open (it needs the users to issue leaders' certificates). */
    pki: opts.pki as DevPki | undefined,
    /** Snippets are what the papers say (ID cards included), so who searched for what is audited. */
    search(actor: AuthUser, q: string, limit?: number) {
      const hits = searchPages(db, q, limit);
      recordAudit(db, { action: 'search.performed', actor, detail: { query: q, hits: hits.length } }, now());
      return { hits };
    },
    slips: {
      render: (actor: AuthUser, code: string, kind: SlipKind) => renderSlip(deps, actor, code, kind),
    },
    /** Archive renewal of sealed results (PAdES B-LTA): `taicho archive renew`, or an admin's call. */
    archive: {
      renew: (o: RenewOptions) =>
        renewArchivedResults({ db, blobs, now, sources: () => archiveSources(services.pki, config.tsaUrl) }, o),
    },
    audit: {
      /** The dossier's entries, checked where they sit in the chain (not the whole log: that is `verify`). */
      async forDossier(actor: AuthUser, code: string) {
        await uow.read((r) => getDossier(r, code)); // 404 for an unknown dossier
        const entries = await auditEntries(auditReader, code);
        return { entries, ...(await verifyEntries(auditReader, entries)) };
      },
      verify: () => verifyChain(auditReader),
    },
    stats: {
      compute(from?: string, to?: string) {
        const t = now();
        const window = { from: parseBound(from) ?? t - 30 * 86_400_000, to: parseBound(to, true) ?? t + 1 };
        if (window.from >= window.to) throw new InvalidInputError('invalid_window', 'from must be before to');
        return computeStats(db, clock, window, t);
      },
    },
    calendar: {
      year: (year: number) => ({ year, hours: config.workingHours, holidays: calendar.holidaysOf(year), overrides: listOverrides(db, year) }),
      upsert(actor: AuthUser, input: unknown) {
        const saved = db.transaction((tx) => {
          const o = upsertOverride(tx, input);
          appendAudit(tx, { action: 'calendar.amended', actor, detail: { op: 'upsert', ...o } }, now());
          return o;
        });
        calendar = buildCalendar();
        return saved;
      },
      remove(actor: AuthUser, date: string) {
        const removed = db.transaction((tx) => {
          const o = deleteOverride(tx, date);
          appendAudit(tx, { action: 'calendar.amended', actor, detail: { op: 'delete', ...o } }, now());
          return o;
        });
        calendar = buildCalendar();
        return removed;
      },
    },
    verifier: {
      // In worker threads, off the request thread. Revocation data: CRLs placed beside the
      // trust anchors (read by the thread), and the running PKI's own.
      verify: (bytes: Uint8Array) =>
        verifyPool.verify({
          bytes,
          trustDir: config.trustDir,
          crls: services.pki ? [services.pki.crl('issuing'), services.pki.crl('root')] : [],
          limits: { maxBytes: config.maxUploadBytes, timeMs: 20_000 },
        }),
      html: (r: VerificationReport, subject?: string) => renderReportHtml(r, { lang: 'vi', subject }),
      pdf: (r: VerificationReport, subject?: string) => renderReportPdf(r, { subject }),
    },
    health: () => ({
      database: 'sqlite',
      capabilities: { digitisation: Boolean(digitising?.runner.running), signing: Boolean(services.pki) },
    }),
    /**
     * Documents being digitised are finished first (stopping mid-page would fail them); a hard
     * kill instead leaves their jobs running, and the next start takes them again.
     */
    async close() {
      if (digitising) await digitising.stop();
      await verifyPool.destroy();
      handle.close();
    },
  };
  return services;
}

/**
 * The OCR worker pool and the runner feeding it from the queue. As many documents at once as
 * threads: single-page scans (the usual upload) then keep every thread busy, and a multi-page
 * document spreads its pages over the threads the others leave free.
 */
function startDigitising(settings: NonNullable<ServiceOptions['digitise']>, deps: Omit<RunnerDeps, 'digitiser' | 'concurrency'>) {
  const pool = createDigitisePool({ threads: settings.threads });
  const digitiser = createDocumentDigitiser({ pool, lang: settings.lang });
  const runner = startDigitisationRunner({ ...deps, digitiser, concurrency: pool.threads });
  return {
    threads: pool.threads,
    runner,
    async stop() {
      await runner.stop();
      await pool.destroy();
    },
  };
}

export type Services = ReturnType<typeof createServices>;

/** A date (local midnight; `to` dates are inclusive, so the next midnight), a full ISO instant, or epoch ms. */
function parseBound(s: string | undefined, endOfDay = false): number | undefined {
  if (!s) return undefined;
  if (/^\d+$/.test(s)) return Number(s); // epoch milliseconds
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return fromLocal(Number(m[1]), Number(m[2]), Number(m[3]) + (endOfDay ? 1 : 0));
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) throw new InvalidInputError('invalid_date', `Not a date (YYYY-MM-DD) or an ISO instant: ${JSON.stringify(s)}`);
  return ms;
}
