import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { generateSecret } from '../auth/passwords';

export const SECRETS_FILE = 'demo-secrets.txt';

export interface DemoSecrets {
  password: string;
  pin: string;
  /** True when this call generated something that has not been shown before. */
  generated: boolean;
  file: string;
}

/**
 * The demo users' password and the demo PKCS#12 PIN. Taken from TAICHO_DEMO_PASSWORD /
 * TAICHO_DEMO_PIN when set; otherwise generated once, written to a 0600 file in the data dir
 * (so a restart reuses them) and reported to the caller to print once.
 */
export function demoSecrets(dataDir: string, env: { password?: string; pin?: string }): DemoSecrets {
  const file = path.join(dataDir, SECRETS_FILE);
  const stored = existsSync(file) ? parse(readFileSync(file, 'utf8')) : {};
  const password = env.password ?? stored.TAICHO_DEMO_PASSWORD ?? generateSecret();
  const pin = env.pin ?? stored.TAICHO_DEMO_PIN ?? generateSecret(8);
  const generated = (!env.password && !stored.TAICHO_DEMO_PASSWORD) || (!env.pin && !stored.TAICHO_DEMO_PIN);
  if (generated) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(
      file,
      `# taicho demo credentials (generated ${new Date().toISOString()}); delete this file once you have set your own.\n` +
        `TAICHO_DEMO_PASSWORD=${password}\nTAICHO_DEMO_PIN=${pin}\n`,
      { mode: 0o600 },
    );
  }
  return { password, pin, generated, file };
}

function parse(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).trim()]),
  );
}
