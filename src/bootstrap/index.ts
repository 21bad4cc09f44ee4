import type { Config } from '../config';
import { createResultMaker } from '../dossiers/result-maker';
import { ensureDevPki, refreshCrls, type DevPki } from '../pki';
import { seedProcedures } from '../procedures/procedures';
import { createServices, type Services } from '../services';
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
 * the development PKI (created when absent, loaded otherwise). Digitisation starts here too,
 * taking again any work the previous process left unfinished.
 */
export async function bootstrap(config: Config, log: Logger, print: (s: string) => void = (s) => process.stdout.write(s)): Promise<Services> {
  // Before digitisation starts writing blobs again: a temp file then may be one being written.
  const swept = await new LocalBlobStore(blobRoot(config.dataDir)).sweepTemp();
  if (swept) log.info({ swept }, 'removed temp files of blob writes the last process did not finish');
  const services = createServices({
    config,
    results: createResultMaker(),
    // TAICHO_OCR_WORKERS=0: this instance only queues documents; a later start with workers digitises them.
    digitise: config.ocrWorkers === 0 ? undefined : { threads: config.ocrWorkers, lang: config.ocrLang },
    log: (obj, msg) => log.warn(obj, msg),
  });
  if (services.digitisation) log.info(services.digitisation, 'digitisation running');
  else log.warn('digitisation is off (TAICHO_OCR_WORKERS=0): documents stay queued');
  const seeded = seedProcedures(services.handle.db);
  if (seeded) log.info({ procedures: seeded }, 'seeded the procedure catalogue');
  const secrets = demoSecrets(config.dataDir, { password: config.demoPassword, pin: config.demoPin });
  if (services.auth.countUsers() === 0) {
    const created = await seedDemoUsers(services.auth, secrets.password);
    log.info({ users: created }, 'created demo users (username = role name)');
  }
  if (secrets.generated) {
    print(
      `\n  Demo users: reception, specialist, leader, clerk, auditor, admin\n` +
        `  Demo password: ${secrets.password}    Demo PIN: ${secrets.pin}\n` +
        `  (shown once; kept in ${secrets.file}, mode 0600)\n\n`,
    );
  }
  services.pki = await openPki(config, services, secrets.pin, log);
  return services;
}

/**
 * The PKI is needed to sign, not to receive dossiers: if it cannot be opened (the PIN file was
 * deleted, say) the service still starts, and signing reports what is missing.
 */
async function openPki(config: Config, services: Services, pin: string, log: Logger): Promise<DevPki | undefined> {
  const leaders = services.auth
    .listUsers()
    .filter((u) => u.role === 'leader')
    .map((u) => ({ username: u.username, fullName: u.displayName }));
  try {
    const started = Date.now();
    const pki = await ensureDevPki({ dir: config.pkiDir, trustDir: config.trustDir, pin, agency: config.agency, leaders, publicUrl: config.publicUrl });
    log.info({ dir: config.pkiDir, ms: Date.now() - started }, 'PKI ready');
    setInterval(() => refreshCrls(pki.dir, pin).catch((e) => log.warn({ err: (e as Error).message }, 'CRL refresh failed')), 12 * 3600_000).unref();
    return pki;
  } catch (e) {
    log.warn({ err: (e as Error).message, dir: config.pkiDir }, 'PKI could not be opened: signing is unavailable until it is fixed');
    return undefined;
  }
}
