import { X509Certificate } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestPki, pkiRevocationSource, refreshCrls, removeScratch, TEST_PIN, type DevPki } from '../pki';
import { addArchiveTimestamp, signPdf, type RevocationSource } from '../signing';
import { pem, resultPdf, signingFixture, writeIn, type SigningFixture } from '../signing/testing';
import { createVerifyPool, verifyPdf } from '../verify/node';
import { needTools, runTool } from '../../test/support/tools';
import { main } from '../cli/main';
import { renewalDecision, renewArchive } from './renewal';

/**
 * Twenty years in a test: a result sealed now (leader 3 years, TSA and issuing CA 10 years),
 * judged with the verifier's clock moved past the leader's certificate, then past the first
 * TSA's; renewed in between (the system clock moved with it) by a second PKI's TSA.
 */
const DAY = 86_400_000;
const tools = needTools('pdfsig', 'qpdf');

let f: SigningFixture;
let pki2: DevPki;
let bt: Uint8Array; // leader + seal, each with a signature time-stamp: B-T, nothing else
let lta: Uint8Array; // the same with validation data and an archive time-stamp
let renewed: Uint8Array;
let anchors: Uint8Array[];
let leaderEnd: Date;
let tsa1End: Date;
let renewalTime: Date;

const expiry = (der: Uint8Array) => new Date(new X509Certificate(der).validTo);

/** Both PKIs' revocation data: a renewal after years needs the old CA's current CRLs too. */
function both(a: RevocationSource, b: RevocationSource): RevocationSource {
  return {
    extraCerts: [...(a.extraCerts ?? []), ...(b.extraCerts ?? [])],
    async revocationFor(cert, issuer) {
      const [x, y] = await Promise.all([a.revocationFor(cert, issuer), b.revocationFor(cert, issuer)]);
      return { crls: [...x.crls, ...y.crls], ocsps: [...x.ocsps, ...y.ocsps] };
    },
  };
}

beforeAll(async () => {
  f = await signingFixture();
  const leader = await signPdf(await resultPdf(), { signer: f.leader, field: 'leader', docMdp: true, timestamp: f.pki.tsa });
  bt = await signPdf(leader, { signer: f.seal, field: 'seal', timestamp: f.pki.tsa });
  lta = await addArchiveTimestamp(bt, { tsa: f.pki.tsa, revocation: pkiRevocationSource(f.pki) });
  leaderEnd = expiry(f.leader.certificate);
  tsa1End = new Date(Math.min(expiry(f.pki.certificate('tsa')).getTime(), expiry(f.pki.certificate('issuing-ca')).getTime()));
  renewalTime = new Date(tsa1End.getTime() - 100 * DAY);
  // Years later: the old CA publishes fresh CRLs, a new PKI runs the TSA; the clock says so.
  vi.useFakeTimers({ toFake: ['Date'], now: renewalTime });
  try {
    await refreshCrls(f.pki.dir, TEST_PIN, renewalTime, true);
    pki2 = await createTestPki({ now: renewalTime });
    const sources = { tsa: pki2.tsa, revocation: both(pkiRevocationSource(f.pki), pkiRevocationSource(pki2)) };
    const r = await renewArchive(lta, sources, { now: renewalTime, marginDays: 180 });
    renewed = r.pdf!;
  } finally {
    vi.useRealTimers();
  }
  anchors = [f.pki.certificate('root-ca'), pki2.certificate('root-ca')];
}, 120_000);
afterAll(() => removeScratch());

const at = (now: Date, pdf: Uint8Array) => verifyPdf(pdf, { anchors, now });

describe('past the leader certificate’s expiry (the verifier’s clock moved)', () => {
  it('today both files are valid, the leader’s certificate still valid', async () => {
    for (const pdf of [bt, lta]) expect((await at(new Date(), pdf)).valid).toBe(true);
    expect((await at(new Date(), lta)).signatures[0].longTerm?.note).toMatch(/certificates are still valid/);
  });

  it('B-T: invalid, the leader’s chain expired and nothing in the file proves when it was valid', async () => {
    const r = await at(new Date(leaderEnd.getTime() + 30 * DAY), bt);
    expect(r.valid).toBe(false);
    expect(r.signatures[0].chain).toBe('expired');
    expect(r.signatures[0].longTerm?.note).toMatch(/nothing in the file proves the signature was valid before then: the file keeps no revocation data/);
    expect(r.reasons.join('\n')).toMatch(/signature 1 \(leader\): certificate chain expired/);
  });

  it('B-LTA: valid, with the reason (made and valid when time-stamped, proven by the archive time-stamp)', async () => {
    const r = await at(new Date(leaderEnd.getTime() + 30 * DAY), lta);
    expect(r.reasons).toEqual([]);
    expect(r.valid).toBe(true);
    const leader = r.signatures[0];
    expect(leader).toMatchObject({ chain: 'trusted', level: 'B-LTA', longTerm: { by: 'signature-timestamp' } });
    expect(leader.longTerm?.note).toMatch(/expired .* but the signature was made and valid at .*protected by the archive time-stamp of .*revocation data kept in the file/);
    expect(r.signatures[2]).toMatchObject({ kind: 'document-timestamp', chain: 'trusted' });
    expect(r.signatures[2].longTerm?.provenAt).toBe(r.signatures[2].signedAt);
  });
});

describe('archive renewal before the first TSA’s certificate ends', () => {
  it('is due only within the margin of the end of the TSA chain', async () => {
    expect(await renewalDecision(lta, { now: new Date(), marginDays: 180 })).toMatchObject({ due: false });
    const due = await renewalDecision(lta, { now: renewalTime, marginDays: 180 });
    expect(due.due).toBe(true);
    expect(due.reason).toMatch(/TSA certificate chain expires/);
    expect(due.last?.fieldName).toBe('ArchiveTimestamp1');
    expect(await renewalDecision(bt, { now: new Date(), marginDays: 180 })).toMatchObject({ due: true, reason: 'the file has no archive time-stamp yet' });
  });

  it('appends: every earlier byte unchanged, a second archive time-stamp last, the renewed file not due', async () => {
    expect(Buffer.from(renewed.subarray(0, lta.length)).equals(Buffer.from(lta))).toBe(true);
    const r = await at(renewalTime, renewed);
    expect(r.signatures.map((s) => [s.fieldName, s.kind])).toEqual([['leader', 'signature'], ['seal', 'signature'], ['ArchiveTimestamp1', 'document-timestamp'], ['ArchiveTimestamp2', 'document-timestamp']]);
    expect(r.signatures[3].totalDocument).toBe(true);
    expect(await renewalDecision(renewed, { now: renewalTime, marginDays: 180 })).toMatchObject({ due: false });
  });

  it('refuses to renew with a TSA whose own certificate ends within the margin too', async () => {
    await expect(renewArchive(lta, { tsa: f.pki.tsa, revocation: pkiRevocationSource(f.pki) }, { now: renewalTime, marginDays: 180 })).rejects.toMatchObject({ code: 'tsa_certificate_too_short' });
  });

  it('past the first TSA’s end: the unrenewed file is invalid, the renewed one valid through the chain of time-stamps', async () => {
    const later = new Date(tsa1End.getTime() + 365 * DAY);
    const old = await at(later, lta);
    expect(old.valid).toBe(false);
    expect(old.signatures[2].chain).toBe('expired');
    expect(old.signatures[0].chain).toBe('expired');
    const r = await at(later, renewed);
    expect(r.reasons).toEqual([]);
    expect(r.valid).toBe(true);
    expect(r.signatures[0].longTerm?.note).toMatch(/renewed 1 time since/);
    expect(r.signatures[2].longTerm?.checkedAt).toBe(r.signatures[3].signedAt);
    expect(r.signatures[3].longTerm?.checkedAt).toBe(later.toISOString());
  });

  it('the worker-thread verifier and `taicho verify --at` take the same clock', async () => {
    const trustDir = path.join(f.dir, 'trust2');
    mkdirSync(trustDir, { recursive: true });
    writeIn(trustDir, 'roots.pem', anchors.map((a) => pem(a)).join(''));
    const pool = createVerifyPool({ threads: 1 });
    try {
      const later = new Date(tsa1End.getTime() + 365 * DAY).toISOString();
      const task = { trustDir, crls: [], limits: { maxBytes: 50 << 20, timeMs: 20_000 }, now: later };
      expect((await pool.verify({ ...task, bytes: renewed })).valid).toBe(true);
      expect((await pool.verify({ ...task, bytes: lta })).valid).toBe(false);
      // And `taicho verify --at`, in its own process's way (no pool).
      const out: string[] = [];
      const io = { stdout: (x: string) => out.push(x), stderr: (x: string) => out.push(x), env: {}, cwd: process.cwd() };
      expect(await main(['verify', writeIn(f.dir, 'r.pdf', renewed), '--trust', trustDir, '--at', later], io)).toBe(0);
      expect(out.join('')).toMatch(/long-term: "Nguyễn Văn Hùng" expired .* renewed 1 time since/);
      expect(await main(['verify', writeIn(f.dir, 'l.pdf', lta), '--trust', trustDir, '--at', later], io)).toBe(1);
      expect(await main(['verify', writeIn(f.dir, 'l.pdf', lta), '--at', 'someday'], io)).not.toBe(0);
    } finally {
      await pool.destroy();
    }
  }, 60_000);

  tools.it('pdfsig: both signatures of the renewed file still valid; qpdf --check passes', () => {
    const file = writeIn(f.dir, 'renewed.pdf', renewed);
    expect(runTool('pdfsig', [file]).stdout.match(/Signature is Valid/g)).toHaveLength(2);
    expect(runTool('qpdf', ['--check', file]).status).toBe(0);
  });
});
