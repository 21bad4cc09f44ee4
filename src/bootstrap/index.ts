import path from 'node:path';
import type { Config } from '../config';
import { createResultMaker } from '../dossiers/result-maker';
import { ensureDevPki, refreshCrls, WrongPinError, type DevPki } from '../pki';
import { ConflictError } from '../shared/errors';
import { seedProcedures } from '../db/sqlite/procedures';
import { createEmbeddedServices, type EmbeddedServices } from '../app/embedded';
import { openEmbeddedStorage } from '../app/embedded-storage';
import type { AuthService } from '../auth/auth-service';
import { blobRoot, LocalBlobStore } from '../storage/local-blob-store';
import { demoSecrets } from './demo-secrets';
import { seedDemoUsers } from './demo-users';

export interface Logger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
}

/**
 * Opens the data dir on the embedded default and makes the first start usable: migrations
 * (in openDatabase), the procedure catalogue, demo users with a password printed once, and
 * the development PKI (created when absent, loaded otherwise), then composes the services on
 * them. Digitisation starts there, taking again any work the previous process left unfinished.
 */
export async function bootstrap(config: Config, log: Logger, print: (s: string) => void = (s) => process.stdout.write(s)): Promise<EmbeddedServices> {
  // Before digitisation starts writing blobs again: a temp file then may be one being written.
  const swept = await new LocalBlobStore(blobRoot(config.dataDir)).sweepTemp();
  if (swept) log.info({ swept }, 'removed temp files of blob writes the last process did not finish');
  const storage = await openEmbeddedStorage(config);
  let pki: DevPki | undefined;
  try {
    const seeded = seedProcedures(storage.handle.db);
    if (seeded) log.info({ procedures: seeded }, 'seeded the procedure catalogue');
    const secrets = demoSecrets(config.dataDir, { password: config.demoPassword, pin: config.demoPin });
    if ((await storage.auth.countUsers()) === 0) {
      const created = await seedDemoUsers(storage.auth, secrets.password);
      log.info({ users: created }, 'created demo users (username = role name)');
    }
    if (secrets.generated) {
      print(
        `\n  Demo users: reception, specialist, leader, clerk, auditor, admin\n` +
          `  Demo password: ${secrets.password}    Demo PIN: ${secrets.pin}\n` +
          `  (shown once; kept in ${secrets.file}, mode 0600)\n\n`,
      );
    }
    // Opened before the services are composed: they are handed a PKI (or none), never one later.
    pki = await openPki(config, storage.auth, secrets.pin, log, config.demoPin ? 'TAICHO_DEMO_PIN' : secrets.file);
  } catch (e) {
    storage.close(); // no half-started instance
    throw e;
  }
  const services = await createEmbeddedServices(storage, {
    config,
    pki,
    results: createResultMaker(),
    // TAICHO_OCR_WORKERS=0: this instance only queues documents; a later start with workers digitises them.
    digitise: config.ocrWorkers === 0 ? undefined : { threads: config.ocrWorkers, lang: config.ocrLang, tessdataDir: config.ocrTessdataDir },
    log: (obj, msg) => log.warn(obj, msg),
  });
  if (services.digitisation) log.info(services.digitisation, 'digitisation running');
  else log.warn('digitisation is off (TAICHO_OCR_WORKERS=0): documents stay queued');
  return services;
}

/**
 * The PKI is needed to sign, not to receive dossiers: if it cannot be read (a file missing or
 * damaged) the service still starts, and signing reports what is missing. A PKI that the PIN
 * at hand does not open stops the start instead (PkiPinMismatchError), saying what to do.
 */
async function openPki(config: Config, auth: AuthService, pin: string, log: Logger, pinSource: string): Promise<DevPki | undefined> {
  const leaders = (await auth.listUsers())
    .filter((u) => u.role === 'leader')
    .map((u) => ({ username: u.username, fullName: u.displayName }));
  try {
    const started = Date.now();
    const pki = await ensureDevPki({ dir: config.pkiDir, trustDir: config.trustDir, pin, agency: config.agency, leaders, publicUrl: config.publicUrl });
    log.info({ dir: config.pkiDir, ms: Date.now() - started }, 'PKI ready');
    setInterval(() => refreshCrls(pki.dir, pin).catch((e) => log.warn({ err: (e as Error).message }, 'CRL refresh failed')), 12 * 3600_000).unref();
    return pki;
  } catch (e) {
    // A PKI made with another PIN (another data dir's, say) is a configuration mistake, not a
    // missing piece: starting anyway would only show up later as "wrong PIN" at every signing.
    if (e instanceof WrongPinError) throw new PkiPinMismatchError(config, pinSource);
    log.warn({ err: (e as Error).message, dir: config.pkiDir }, 'PKI could not be opened: signing is unavailable until it is fixed');
    return undefined;
  }
}

/** The configured PKI does not open with the PIN this data dir has: says what to do instead. */
export class PkiPinMismatchError extends ConflictError {
  constructor(config: Config, pinSource: string) {
    const own = path.join(config.dataDir, 'pki');
    const choices = [
      `start with TAICHO_DEMO_PIN set to the PIN that PKI was made with`,
      ...(config.pkiDir === own ? [] : [`unset TAICHO_PKI_DIR and TAICHO_TRUST_DIR, so that this data dir gets a PKI of its own in ${own}`]),
      `move ${config.pkiDir} away, and it is made again with this PIN on the next start`,
    ];
    super('pki_pin_mismatch', `the PKI in ${config.pkiDir} does not open with the PIN from ${pinSource} (it was made with another one): ${choices.join('; or ')}.`);
  }
}
