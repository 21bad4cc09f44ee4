import { timestampSunset } from './crypto/algorithm-policy';
import type { ChainResult } from './crypto/chain';
import { checkRevocation } from './crypto/revocation';
import { chainFor, type SignatureCheck, type TrustContext } from './signature';
import type { LongTermReport } from './types';

/**
 * Long-term validation (after ETSI EN 319 102-1 §5.6.2–5.6.3, simplified): what still proves a
 * signature at the verification time `now`, years after it was made.
 *
 * Archive (document) time-stamps are judged from the last back to the first. The last must be
 * intact, cover everything before it, and have a TSA chain trusted (not expired, not revoked)
 * and algorithms still secure *now*; each earlier one the same *at the time of the next one that
 * holds* — the later token proves the earlier one, and the DSS data about its chain, existed
 * then. A signature covered by a holding link is proven to exist at that link's time; its own
 * signature time-stamp is judged at that time too (or now, without an archive).
 *
 * A signer whose certificate has expired by `now` counts only with that proof and with its
 * revocation data kept in the file (DSS or CMS): a CA stops listing expired certificates on its
 * CRLs (RFC 5280 §3.3), so data fetched later proves nothing. B-T therefore lapses with the
 * signer's certificate; B-LT with its time-stamp's; B-LTA as long as it is renewed.
 */
export async function judgeLongTerm(checks: SignatureCheck[], ctx: TrustContext): Promise<void> {
  const links = await archiveLinks(checks, ctx);
  for (const c of checks) if (c.kind === 'signature') await judgeSignature(c, links, ctx);
}

interface Link {
  check: SignatureCheck;
  time: Date;
  holds: boolean;
}

const iso = (d: Date) => d.toISOString();

async function archiveLinks(checks: SignatureCheck[], ctx: TrustContext): Promise<Link[]> {
  const links: Link[] = [];
  let at = ctx.now;
  let judgedBy = 'now';
  for (const c of checks.filter((x) => x.kind === 'document-timestamp').reverse()) {
    const time = c.timestamp?.time ?? null;
    const problems = await linkProblems(c, at, ctx);
    const holds = problems.length === 0 && !!time;
    c.longTerm = holds
      ? { provenAt: iso(time!), by: 'archive-timestamp', checkedAt: iso(at), note: `trusted at ${iso(at)} (${judgedBy}): proves everything before it existed at ${iso(time!)}` }
      : { provenAt: null, by: null, checkedAt: iso(at), note: `proves nothing: ${problems.join('; ') || 'no time in the token'}` };
    links.unshift({ check: c, time: time ?? ctx.now, holds });
    if (holds) {
      at = time!;
      judgedBy = `the time of the archive time-stamp that follows it`;
    }
  }
  return links;
}

/** Why an archive time-stamp does not hold when judged at `at` ([] when it does). */
async function linkProblems(c: SignatureCheck, at: Date, ctx: TrustContext): Promise<string[]> {
  if (c.integrity !== 'intact' || !c.signatureValid || !c.timestamp?.cms?.signer) return [`the time-stamp is not intact (${c.integrity})`];
  const out: string[] = [];
  if (c.coverage.invalid || !c.coverage.endsAtRevision) out.push('it does not cover the whole document before it');
  const cms = c.timestamp.cms;
  const chain = replaceChain(c, await chainFor(cms.signer!, cms.certs, ctx, at, 'timestamping'));
  if (chain.status !== 'trusted') out.push(`its TSA chain is ${chain.status} at ${iso(at)}${chain.errors[0] ? ` (${chain.errors[0]})` : ''}`);
  c.revocation = await checkRevocation(chain.path, [...ctx.crls, ...cms.crls], [...ctx.ocsps, ...cms.ocsps], at);
  if (c.revocation.status === 'revoked') out.push(`its TSA certificate was revoked ${c.revocation.revokedAt?.toISOString()}`);
  const sunset = timestampSunset(cms, c.timestamp.imprintDigestOid ?? null);
  if (sunset && sunset.date <= at) out.push(`its algorithms are no longer secure at ${iso(at)}: ${sunset.why}`);
  return out;
}

/** A check's chain judged again at another time; the errors of the old judgement go. */
function replaceChain(c: SignatureCheck, chain: ChainResult): ChainResult {
  const old = new Set(c.chain?.errors ?? []);
  c.errors = [...c.errors.filter((e) => !old.has(e)), ...chain.errors];
  c.chain = chain;
  return chain;
}

interface Proof {
  time: Date;
  by: 'signature-timestamp' | 'archive-timestamp';
  what: string;
}

async function judgeSignature(c: SignatureCheck, links: Link[], ctx: TrustContext): Promise<void> {
  const archive = links.find((l) => l.holds && l.check.coverage.revision > c.coverage.revision);
  const proof = (await signatureTimestampProof(c, archive, links, ctx)) ?? (archive ? { time: archive.time, by: 'archive-timestamp' as const, what: archiveWords(archive, links) } : null);
  const report = (note: string): LongTermReport => ({ provenAt: proof ? iso(proof.time) : null, by: proof?.by ?? null, note });
  if (c.integrity !== 'intact' || !c.chain || !c.signer) return;
  if (c.chain.status !== 'trusted') {
    c.longTerm = report(`the certificate chain is ${c.chain.status} when signed`);
    return;
  }
  const expired = c.chain.path.find((x) => x.notAfter < ctx.now);
  if (!expired) {
    c.longTerm = report(proof ? `made by ${iso(proof.time)} (${proof.what}); its certificates are still valid at ${iso(ctx.now)}` : `its certificates are still valid at ${iso(ctx.now)}`);
    return;
  }
  const missing = await whyUnproven(c, proof, ctx);
  if (!missing) {
    c.longTerm = report(`"${expired.commonName}" expired ${iso(expired.notAfter)}, but the signature was made and valid at ${iso(proof!.time)}: proven by ${proof!.what}, with its revocation data kept in the file`);
    return;
  }
  const msg = `"${expired.commonName}" expired ${iso(expired.notAfter)} and nothing in the file proves the signature was valid before then: ${missing}`;
  replaceChain(c, { status: 'expired', path: c.chain.path, errors: [msg] });
  c.longTerm = report(msg);
}

/** The signature's own time-stamp, when it is trusted at the archive's time (or now, without one). */
async function signatureTimestampProof(c: SignatureCheck, archive: Link | undefined, links: Link[], ctx: TrustContext): Promise<Proof | null> {
  const ts = c.timestamp;
  if (!ts?.valid || !ts.time || !ts.cms?.signer) return null;
  const at = archive?.time ?? ctx.now;
  c.tsChain = await chainFor(ts.cms.signer, ts.cms.certs, ctx, at, 'timestamping');
  if (c.tsChain.status !== 'trusted') return null;
  const rev = await checkRevocation(c.tsChain.path, [...ctx.crls, ...ts.cms.crls], [...ctx.ocsps, ...ts.cms.ocsps], at);
  const sunset = timestampSunset(ts.cms, ts.imprintDigestOid ?? null);
  if (rev.status === 'revoked' || (sunset && sunset.date <= at)) return null;
  return { time: ts.time, by: 'signature-timestamp', what: archive ? `its time-stamp, itself protected by ${archiveWords(archive, links)}` : 'its time-stamp, whose TSA is still trusted' };
}

function archiveWords(l: Link, links: Link[]): string {
  const later = links.filter((x) => x.holds && x.check.coverage.revision > l.check.coverage.revision).length;
  return `the archive time-stamp of ${iso(l.time)}${later ? `, renewed ${later} time${later > 1 ? 's' : ''} since,` : ''} whose chain holds to now`;
}

/** What is missing to accept a signature whose certificates have expired ('' when nothing). */
async function whyUnproven(c: SignatureCheck, proof: Proof | null, ctx: TrustContext): Promise<string> {
  if (!proof) return 'no time-stamp still trusted proves when it was made (PAdES B-LTA keeps one)';
  let path = c.chain!.path;
  if (proof.by === 'archive-timestamp') {
    // Without a usable signature time-stamp the signature is judged at the archive's time.
    const then = await chainFor(c.signer!, c.cms?.certs ?? [], ctx, proof.time, 'signing');
    if (then.status !== 'trusted') return `at ${iso(proof.time)}, the first time it is proven to exist, its chain was already ${then.status}`;
    path = then.path;
  }
  const rev = await checkRevocation(path, [...ctx.inFile.crls, ...(c.cms?.crls ?? [])], [...ctx.inFile.ocsps, ...(c.cms?.ocsps ?? [])], proof.time);
  if (rev.status === 'revoked') return `it was revoked ${rev.revokedAt?.toISOString()}`;
  if (rev.status === 'unknown') return 'the file keeps no revocation data for its certificate (PAdES B-LT/B-LTA would)';
  return '';
}
