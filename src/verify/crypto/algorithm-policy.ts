import type { Cert } from './certificate';
import { digestInfo } from './algorithms';
import type { ParsedCms } from './cms';

/**
 * When a time-stamp's algorithms stop proving anything: a token made with a digest or key
 * that has since become breakable could be forged for any content. Dates follow NIST SP 800-57
 * Part 1 and SP 800-131A (112-bit security acceptable through 2030; SHA-1 and RSA-1024
 * disallowed for signatures since 2013–2014) — the same horizon ETSI TS 119 312 gives.
 * `null`: no end foreseen (SHA-256 and up, RSA ≥ 3072, ECDSA P-256 and up, EdDSA).
 */
export interface Sunset {
  date: Date;
  why: string;
}

const D = (s: string) => new Date(`${s}T00:00:00Z`);

const DIGEST_SUNSET: Record<string, Date> = {
  MD5: D('2005-01-01'),
  'SHA-1': D('2014-01-01'),
  'SHA-224': D('2031-01-01'),
};

/** The earliest end among the token's digest algorithms and its signing key. */
export function timestampSunset(cms: ParsedCms, imprintDigestOid: string | null): Sunset | null {
  const found: Sunset[] = [];
  for (const oid of [cms.sig.digestOid, imprintDigestOid]) {
    if (!oid) continue;
    let name: string;
    try {
      name = digestInfo(oid).name;
    } catch {
      continue; // an unknown digest is already reported as unsupported
    }
    const date = DIGEST_SUNSET[name];
    if (date) found.push({ date, why: `${name} is no longer secure after ${date.toISOString().slice(0, 10)}` });
  }
  const key = cms.signer ? keySunset(cms.signer) : null;
  if (key) found.push(key);
  return found.sort((a, b) => a.date.getTime() - b.date.getTime())[0] ?? null;
}

export function keySunset(cert: Cert): Sunset | null {
  const k = cert.publicKey;
  const bits = k.rsa?.bits;
  if ((k.type === 'rsa' || k.type === 'rsa-pss') && bits) {
    if (bits < 2048) return { date: D('2014-01-01'), why: `RSA-${bits} is no longer secure after 2013` };
    if (bits < 3072) return { date: D('2031-01-01'), why: `RSA-${bits} gives 112-bit security, acceptable only through 2030` };
    return null;
  }
  const curve = k.curve;
  if (k.type === 'ec' && curve && /p-?192|secp192|prime192/i.test(curve)) return { date: D('2014-01-01'), why: `ECDSA ${curve} is no longer secure after 2013` };
  if (k.type === 'ec' && curve && /p-?224|secp224/i.test(curve)) return { date: D('2031-01-01'), why: `ECDSA ${curve} gives 112-bit security, acceptable only through 2030` };
  return null;
}
