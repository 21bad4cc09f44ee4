import type { Config } from '../config';
import { seedProcedures } from '../procedures/procedures';
import { createServices, type Services } from '../services';
import { demoSecrets } from './demo-secrets';
import { seedDemoUsers } from './demo-users';
import { createResultMaker } from '../dossiers/result-maker';

export interface Logger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
}

/**
 * Opens the data dir on the embedded default and makes the first start usable: migrations
 * (in openDatabase), the procedure catalogue, demo users with a password printed once.
 */
export async function bootstrap(config: Config, log: Logger, print: (s: string) => void = (s) => process.stdout.write(s)): Promise<Services> {
  const services = createServices({ config, results: createResultMaker() });
  const seeded = seedProcedures(services.handle.db);
  if (seeded) log.info({ procedures: seeded }, 'seeded the procedure catalogue');
  if (services.auth.countUsers() === 0) {
    const secrets = demoSecrets(config.dataDir, { password: config.demoPassword, pin: config.demoPin });
    const created = await seedDemoUsers(services.auth, secrets.password);
    log.info({ users: created }, 'created demo users (username = role name)');
    if (secrets.generated) {
      print(
        `\n  Demo users: reception, specialist, leader, clerk, auditor, admin\n` +
          `  Demo password: ${secrets.password}    Demo PIN: ${secrets.pin}\n` +
          `  (shown once; kept in ${secrets.file}, mode 0600)\n\n`,
      );
    }
  }
  return services;
}
