import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The citizen's access key to a dossier's result (mã nhận kết quả), printed on the appointment
 * slip and inside its QR link. 80 bits, written as 16 Crockford base32 characters in four
 * groups ("7KQ2-M9XD-4RTB-H0CE"): no I, L, O or U, so what a person reads is what they type.
 *
 * The key is derived, not stored: HMAC-SHA-256(secret, dossier code), with the secret in one
 * file of the data directory. So a slip can be reprinted with the same key, nothing new goes
 * into the database (a copied database or backup yields no keys), and a leaked secret is
 * replaced by deleting the file (every printed key then stops working, which is the point).
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const KEY_CHARS = 16; // × 5 bits = 80 bits
const SECRET_FILE = 'result-access.secret';

export interface AccessKeys {
  /** The key of a dossier, in groups for printing: `XXXX-XXXX-XXXX-XXXX`. */
  keyFor(code: string): string;
  /** Whether a key typed or scanned by the citizen is the dossier's (constant time). */
  matches(code: string, given: string): boolean;
}

export function createAccessKeys(secret: Uint8Array): AccessKeys {
  const raw = (code: string) => base32(createHmac('sha256', secret).update(`result-access\0${code}`).digest()).slice(0, KEY_CHARS);
  return {
    keyFor: (code) => raw(code).match(/.{4}/g)!.join('-'),
    matches(code, given) {
      const typed = normaliseKey(given);
      return typed !== undefined && timingSafeEqual(Buffer.from(typed), Buffer.from(raw(code)));
    },
  };
}

/**
 * What a person may type: any case, with or without dashes and spaces, O for 0 and I or L
 * for 1 (Crockford's reading rules). Undefined when it cannot be a key at all.
 */
export function normaliseKey(s: string): string | undefined {
  const k = s.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return k.length === KEY_CHARS && [...k].every((ch) => ALPHABET.includes(ch)) ? k : undefined;
}

function base32(bytes: Uint8Array): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}

/** The data directory's secret (32 random bytes, mode 0600), made on first use. */
export function loadAccessSecret(dataDir: string): Uint8Array {
  const file = path.join(dataDir, SECRET_FILE);
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(file)) {
    // Written whole under another name, then linked: two processes starting at once cannot
    // both make a secret, and neither can read a half-written one.
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(tmp, randomBytes(32), { mode: 0o600 });
    try {
      linkSync(tmp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      unlinkSync(tmp);
    }
  }
  const secret = readFileSync(file);
  if (secret.length < 32) throw new Error(`${file} is shorter than 32 bytes; delete it to make a new one (printed access keys then change)`);
  return new Uint8Array(secret);
}
