import type { Cert } from './certificate';

/**
 * Certification path from a signer to a trust anchor, checked at a given time (the signing or
 * time-stamp time, not "now": a signature made while the certificate was valid stays valid).
 * "untrusted" (no path to an anchor) is kept distinct from "broken" (a certificate in the path
 * whose issuer signature does not verify, or a CA certificate that may not issue).
 */
export type ChainStatus = 'trusted' | 'untrusted' | 'broken' | 'expired' | 'not-yet-valid' | 'bad-key-usage' | 'unknown';

export interface ChainResult {
  status: ChainStatus;
  /** Leaf first, anchor last when trusted. */
  path: Cert[];
  errors: string[];
}

export type Purpose = 'signing' | 'timestamping';

const MAX_DEPTH = 10;
const EKU_TIMESTAMPING = '1.3.6.1.5.5.7.3.8';

export async function buildChain(leaf: Cert, pool: Cert[], anchors: Cert[], at: Date, purpose: Purpose): Promise<ChainResult> {
  const anchorPrints = new Set(anchors.map((a) => a.fingerprint));
  const candidates = dedupe([...anchors, ...pool]);
  const path: Cert[] = [leaf];
  let current = leaf;
  let broken = false;
  while (!anchorPrints.has(current.fingerprint) && path.length <= MAX_DEPTH) {
    const byName = candidates.filter((c) => c.fingerprint !== current.fingerprint && current.namedBy(c));
    const issuer = await findAsync(byName, async (c) => !path.includes(c) && (await current.issuedBy(c)));
    if (!issuer) {
      broken = byName.length > 0;
      break;
    }
    path.push(issuer);
    current = issuer;
  }
  if (!anchorPrints.has(current.fingerprint)) {
    const selfSigned = await current.issuedBy(current);
    if (broken) return { status: 'broken', path, errors: [`the signature on "${current.commonName}" does not verify with its issuer's key`] };
    const why = selfSigned ? `root "${current.commonName}" is not a trust anchor` : `issuer of "${current.commonName}" not found`;
    return { status: 'untrusted', path, errors: [why] };
  }
  return checkPath(path, at, purpose);
}

function checkPath(path: Cert[], at: Date, purpose: Purpose): ChainResult {
  for (const c of path) {
    if (at < c.notBefore) return { status: 'not-yet-valid', path, errors: [`"${c.commonName}" is not valid before ${c.notBefore.toISOString()}`] };
    if (at > c.notAfter) return { status: 'expired', path, errors: [`"${c.commonName}" expired ${c.notAfter.toISOString()} (checked at ${at.toISOString()})`] };
  }
  for (const ca of path.slice(1)) {
    const ku = ca.keyUsage;
    if (!ca.isCA || (ku && !ku.has('keyCertSign'))) return { status: 'broken', path, errors: [`"${ca.commonName}" is not a CA allowed to issue certificates`] };
  }
  const leaf = path[0];
  const ku = leaf.keyUsage;
  if (purpose === 'signing' && ku && !ku.has('digitalSignature') && !ku.has('nonRepudiation')) {
    return { status: 'bad-key-usage', path, errors: ['signer certificate key usage allows neither digitalSignature nor nonRepudiation'] };
  }
  if (purpose === 'timestamping' && !(leaf.extKeyUsage ?? []).includes(EKU_TIMESTAMPING)) {
    return { status: 'bad-key-usage', path, errors: ['time-stamping certificate lacks the timeStamping extended key usage'] };
  }
  return { status: 'trusted', path, errors: [] };
}

/** The first item for which `f` holds, tried in order (as Array.find). */
export async function findAsync<T>(items: T[], f: (x: T) => Promise<boolean>): Promise<T | undefined> {
  for (const x of items) if (await f(x)) return x;
  return undefined;
}

function dedupe(certs: Cert[]): Cert[] {
  const seen = new Set<string>();
  return certs.filter((c) => !seen.has(c.fingerprint) && !!seen.add(c.fingerprint));
}
