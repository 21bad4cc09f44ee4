import { auditEntries, verifyEntries } from '../audit/audit-log';
import { verifyWithCheckpoints } from '../audit/checkpoints';
import type { Config } from '../config';
import { recordAudit, sqliteAuditReader, sqliteCheckpointWriter } from '../db/sqlite/audit';
import { sqliteDossierLists } from '../db/sqlite/dossier-lists';
import { SqliteQueue } from '../db/sqlite/queue';
import { sqliteProcedureStore } from '../db/sqlite/procedures';
import { sqliteStatsReader } from '../db/sqlite/stats';
import { sqliteUnitOfWork } from '../db/sqlite/unit-of-work';
import { digitisationQueue } from '../dossiers/digitisation';
import { createDossierEvents, type DossierEvents } from '../dossiers/events';
import { renderSlip } from '../dossiers/paperwork';
import type { DossierDeps, ResultDocumentMaker, ResultSigning } from '../dossiers/ports';
import { createDossierService } from '../dossiers/service';
import { computeStats } from '../dossiers/stats';
import { statsWindow } from '../dossiers/stats-window';
import { getDossier } from '../dossiers/workflow';
import { changeCounts } from '../db/change-counter';
import type { DevPki } from '../pki';
import { createProcedureCatalogue } from '../procedures/procedures';
import { createSqliteSearchIndex } from '../search/sqlite-fts-index';
import { createVerifyPool, type VerifyPoolOptions } from '../verify/pool';
import type { AppServices } from './app-services';
import { adminServices, pkiEndpoints, verifierServices } from './embedded-parts';
import type { EmbeddedStorage } from './embedded-storage';
import { startDigitising, type DigitiseSettings } from './embedded-workers';
import { onFirstUse } from './on-first-use';
import { promised } from './promised';

export interface EmbeddedOptions {
  config: Config;
  results: ResultDocumentMaker;
  /** The development PKI (signing, CRL, OCSP, TSA endpoints), opened before: absent, signing says so. */
  pki?: DevPki;
  /**
   * Digitise documents in this process: OCR worker threads (default one per core). Without it
   * documents are queued (status `queued`) and wait for an instance that runs the pipeline.
   */
  digitise?: DigitiseSettings;
  /** Where background work reports what no request will (a document that failed to digitise). */
  log?: (obj: object, msg: string) => void;
  signing?: ResultSigning;
  events?: DossierEvents;
  /** Verification threads and their time and memory budget (defaults: DEFAULT_VERIFY_POOL). */
  verify?: VerifyPoolOptions;
}

/** What the embedded root gives its own start-up besides the HTTP contract. */
export interface EmbeddedServices extends AppServices {
  /** The in-process digitisation, when this instance runs it. */
  digitisation: { threads: number; resumed: number } | undefined;
}

/**
 * The composition root of the embedded default: SQLite, the local blob store, and worker
 * threads in this process (OCR, verification). Storage and the PKI are opened before and
 * handed in; nothing is attached afterwards.
 */
export async function createEmbeddedServices(storage: EmbeddedStorage, opts: EmbeddedOptions): Promise<EmbeddedServices> {
  const { config, pki } = opts;
  const { handle, blobs, auth, calendar, now } = storage;
  const { db } = handle;
  // Digitisation jobs commit with the documents that need them, in the reception's transaction.
  const queue = new SqliteQueue(db, now);
  // Every change of the dossier domain, with its hand-off, audit entries, numbers and jobs.
  const uow = sqliteUnitOfWork(handle, queue);
  const auditReader = sqliteAuditReader(db);
  const catalogue = createProcedureCatalogue(sqliteProcedureStore(db));
  const deps: DossierDeps = {
    uow,
    lists: sqliteDossierLists(db),
    procedure: catalogue.get,
    blobs,
    clock: calendar.clock,
    agency: config.agency,
    publicUrl: config.publicUrl,
    accessKeys: storage.accessKeys,
    maxUploadBytes: config.maxUploadBytes,
    maxFiles: config.maxFiles,
    now,
    results: opts.results,
    digitisation: digitisationQueue(),
    // Signing (pdf-lib, fontkit) loads at the first signature, not at start.
    signing:
      opts.signing ??
      onFirstUse(
        async () => (await import('../dossiers/result-signing')).createResultSigning({ pki: () => pki, agencyName: config.agency.name, tsaUrl: config.tsaUrl, images: storage.images }),
        { sign: true, prepareExternal: true, completeExternal: true, certifyCopy: true },
      ),
  };
  const events = opts.events ?? createDossierEvents();
  // Jobs left running by a stopped process are queued again before the first is taken (hence async).
  const digitising = opts.digitise && (await startDigitising(opts.digitise, { uow, queue, blobs, events, now, log: opts.log }));
  const verifyPool = createVerifyPool(opts.verify);
  const searchIndex = createSqliteSearchIndex(db);

  return {
    settings: { agency: config.agency, maxUploadBytes: config.maxUploadBytes, maxFiles: config.maxFiles, now },
    ...adminServices({ auth, images: storage.images, agencyName: config.agency.name }),
    procedures: { list: catalogue.list },
    dossiers: promised(createDossierService(deps)),
    search: {
      /** Snippets are what the papers say (ID cards included), so who searched for what is audited. */
      async pages(actor, q, limit) {
        const hits = await searchIndex.search(q, limit);
        // The search is the event recorded: its entry is a change of its own.
        recordAudit(db, { action: 'search.performed', actor, detail: { query: q, hits: hits.length } }, now());
        return { hits };
      },
    },
    slips: { render: (actor, code, kind) => renderSlip(deps, actor, code, kind) },
    verifier: verifierServices(verifyPool, config, pki),
    audit: {
      /** The dossier's entries, checked where they sit in the chain (not the whole log: that is `verify`). */
      async forDossier(actor, code) {
        await uow.read((r) => getDossier(r, code)); // 404 for an unknown dossier
        const entries = await auditEntries(auditReader, code);
        return { entries, ...(await verifyEntries(auditReader, entries)) };
      },
      verify: (o) => verifyWithCheckpoints(auditReader, sqliteCheckpointWriter(db), { full: !o?.sinceCheckpoint, now: now() }),
    },
    stats: { compute: async (from, to) => computeStats(sqliteStatsReader(db), calendar.clock, statsWindow(from, to, now()), now()) },
    calendar: { year: calendar.year, upsert: calendar.upsert, remove: calendar.remove },
    /** Archive renewal of sealed results (PAdES B-LTA): `taicho archive renew`, or an admin's call. */
    archive: {
      async renew(o) {
        const { archiveSources, renewArchivedResults } = await import('../archive'); // signing's packages: loaded when used
        return renewArchivedResults({ lists: deps.lists, uow, blobs, now, sources: () => archiveSources(pki, config.tsaUrl) }, o);
      },
    },
    pki: pki && pkiEndpoints(pki),
    events,
    changes: changeCounts(handle.sqlite),
    digitisation: digitising ? { threads: digitising.threads, resumed: digitising.runner.recovered } : undefined,
    health: async () => ({ database: 'sqlite', capabilities: { digitisation: Boolean(digitising?.runner.running), signing: Boolean(pki) } }),
    /**
     * Documents being digitised are finished first (stopping mid-page would fail them); a hard
     * kill instead leaves their jobs running, and the next start takes them again.
     */
    async close() {
      if (digitising) await digitising.stop();
      await verifyPool.destroy();
      storage.close();
    },
  };
}
