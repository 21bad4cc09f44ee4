import { createHmac } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAccessKeys, loadAccessSecret, normaliseKey } from './access-keys';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** An independent reading of the key: the first 80 bits of the HMAC as a number, in base 32. */
function expectedKey(secret: Uint8Array, code: string): string {
  const mac = createHmac('sha256', secret).update(`result-access\0${code}`).digest();
  let n = BigInt(`0x${mac.subarray(0, 10).toString('hex')}`);
  let s = '';
  for (let i = 0; i < 16; i++, n >>= 5n) s = CROCKFORD[Number(n & 31n)] + s;
  return s.match(/.{4}/g)!.join('-');
}

describe('citizen access keys', () => {
  const secret = new Uint8Array(32).fill(7);
  const keys = createAccessKeys(secret);
  const code = '000.00.06.H56-261123-0001';

  it('are the first 80 bits of HMAC-SHA-256(secret, code) in Crockford base32, four groups of four', () => {
    expect(keys.keyFor(code)).toBe(expectedKey(secret, code));
    expect(keys.keyFor(code)).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){3}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(createAccessKeys(new Uint8Array(32).fill(8)).keyFor(code)).not.toBe(keys.keyFor(code));
  });

  it('match what a person types: case, dashes, spaces, O for 0 and I/L for 1', () => {
    const key = keys.keyFor(code);
    expect(keys.matches(code, key)).toBe(true);
    expect(keys.matches(code, ` ${key.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'i')} `)).toBe(true);
    expect(keys.matches('000.00.06.H56-261123-0002', key)).toBe(false);
    const flipped = (key[0] === 'A' ? 'B' : 'A') + key.slice(1);
    expect(keys.matches(code, flipped)).toBe(false);
    for (const bad of ['', 'ABC', `${key}X`, key.replace(/./, 'U')]) expect(keys.matches(code, bad)).toBe(false);
    expect(normaliseKey('abcd-efgh-jkmn-pqrs')).toBe('ABCDEFGHJKMNPQRS');
  });

  it('come from one secret per data directory: made once (mode 0600), then read back', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'taicho-keys-'));
    const first = loadAccessSecret(dir);
    expect(first).toHaveLength(32);
    expect(loadAccessSecret(dir)).toEqual(first);
    expect(statSync(path.join(dir, 'result-access.secret')).mode & 0o777).toBe(0o600);
    expect(loadAccessSecret(mkdtempSync(path.join(tmpdir(), 'taicho-keys-')))).not.toEqual(first);
  });
});
