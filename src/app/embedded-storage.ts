import path from 'node:path';
import { AuthService } from '../auth/auth-service';
import { SessionCache } from '../auth/session-cache';
import { loadAmendedCalendar, type AmendedCalendar } from '../calendar/amended-calendar';
import type { Config } from '../config';
import { changeCounter } from '../db/change-counter';
import { openDatabase, type DbHandle } from '../db/client';
import { sqliteSessionStore, sqliteUserStore } from '../db/sqlite/auth';
import { sqliteOverrideStore } from '../db/sqlite/calendar-overrides';
import { createAccessKeys, loadAccessSecret, type AccessKeys } from '../dossiers/access-keys';
import { createImageStore, migrateImageFiles, type ImageStore } from '../dossiers/signature-images';
import type { BlobStore } from '../storage/blob-store';
import { blobRoot, LocalBlobStore } from '../storage/local-blob-store';
import { createSqliteImageRegistry } from '../storage/sqlite-image-registry';

/**
 * The embedded default's storage, opened before the services are composed: the bootstrap seeds
 * users and opens the PKI (which needs the leaders) on it first. Tests reach the database
 * through it (never through AppServices).
 */
export interface EmbeddedStorage {
  handle: DbHandle;
  blobs: BlobStore;
  auth: AuthService;
  accessKeys: AccessKeys;
  images: ImageStore;
  /** The working calendar with the stored overrides (read here: loading it is asynchronous). */
  calendar: AmendedCalendar;
  now: () => number;
  close(): void;
}

export interface EmbeddedStorageOptions {
  /** An open database (tests share one with their assertions); else `<dataDir>/taicho.sqlite`. */
  handle?: DbHandle;
  blobs?: BlobStore;
  now?: () => number;
}

/**
 * Opens SQLite (migrations applied) and the local blob store under the data dir, and moves
 * signature and seal images that earlier versions kept as files into the blob store.
 */
export async function openEmbeddedStorage(config: Config, opts: EmbeddedStorageOptions = {}): Promise<EmbeddedStorage> {
  const handle = opts.handle ?? openDatabase(path.join(config.dataDir, 'taicho.sqlite'));
  try {
    const blobs = opts.blobs ?? new LocalBlobStore(blobRoot(config.dataDir));
    const now = opts.now ?? Date.now;
    const images = createImageStore({ blobs, registry: createSqliteImageRegistry(handle.db), now });
    await migrateImageFiles(config.dataDir, images);
    return {
      handle,
      blobs,
      // Sessions kept per token until the sessions' change count moves (src/auth/session-cache.ts).
      auth: new AuthService({ users: sqliteUserStore(handle.db), sessions: new SessionCache(sqliteSessionStore(handle.db), changeCounter(handle.sqlite, 'session_counter')) }, config.tokenTtlMs, now),
      accessKeys: createAccessKeys(loadAccessSecret(config.dataDir)),
      images,
      calendar: await loadAmendedCalendar(sqliteOverrideStore(handle.db, now), config.workingHours),
      now,
      close: () => handle.close(),
    };
  } catch (e) {
    handle.close();
    throw e;
  }
}
