import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isTaichoError } from '../../src/shared/errors';
import { createVerifyPool, type VerifyPool } from '../../src/verify/node';
import { leaderAppearance, sealAppearance, signPdf } from '../../src/signing';
import { AGENCY, LEADER_NAME, resultPdf, signingFixture } from '../../src/signing/testing';

/** ../shared/corpus/pdf: the peers' signed PDFs (EU DSS, pyHanko), seeds of the mutations. */
export const CORPUS_PDF_DIR = path.resolve(import.meta.dirname, '../../../shared/corpus/pdf');

export interface Seed {
  name: string;
  bytes: Uint8Array;
}

/** The corpus files of at most `maxBytes` each (the fixed slice keeps to the small ones: speed). */
export function corpusSeeds(maxBytes = Infinity): Seed[] {
  return readdirSync(CORPUS_PDF_DIR)
    .filter((f) => f.endsWith('.pdf'))
    .sort()
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(path.join(CORPUS_PDF_DIR, name))) }))
    .filter((s) => s.bytes.length <= maxBytes);
}

/** Our own results, as src/signing makes them: the leader's certification, then the seal on top. */
export async function ownResults(): Promise<{ seeds: Seed[]; rootPem: string }> {
  const f = await signingFixture();
  const at = new Date('2026-11-23T03:04:05Z');
  const leader = await signPdf(await resultPdf(), {
    signer: f.leader, field: 'leader', reason: 'Phê duyệt kết quả giải quyết', docMdp: true, timestamp: f.pki.tsa, now: at,
    appearance: await leaderAppearance({ signerName: LEADER_NAME, agency: AGENCY, at }),
  });
  const sealed = await signPdf(leader, { signer: f.seal, field: 'seal', reason: 'Đóng dấu', timestamp: f.pki.tsa, appearance: await sealAppearance({ agency: AGENCY }) });
  return { seeds: [{ name: 'own-leader.pdf', bytes: leader }, { name: 'own-sealed.pdf', bytes: sealed }], rootPem: f.rootPem };
}

/**
 * The verifier as the service runs it: worker threads with a time and a memory budget
 * (src/verify/pool.ts), so an input that would hang the parser comes back as `too_slow`
 * instead of stopping the fuzzer.
 */
export function fuzzPool(timeMs: number): VerifyPool & { timeMs: number } {
  return { ...createVerifyPool({ threads: 1, timeMs, maxQueue: 4 }), timeMs };
}

/**
 * The property for one input: a report, or a 4xx that says the input is not a PDF, unreadable
 * or too large. A worker that ran out of time (`too_slow`: on these small files, a hang), died
 * (`failed`), or threw something other than the verifier's own errors (`verify_failed`: a crash
 * the worker caught) is a finding. Returns the outcome, for the tally.
 */
export async function verifyOnce(pool: VerifyPool & { timeMs: number }, trustDir: string, bytes: Uint8Array): Promise<string> {
  try {
    const r = await pool.verify({ bytes, trustDir, crls: [], limits: { maxBytes: 50 * 1024 * 1024, timeMs: pool.timeMs } });
    return r.valid ? 'valid' : 'invalid';
  } catch (e) {
    if (!isTaichoError(e)) throw new Error(`not a TaichoError: ${(e as Error)?.stack ?? String(e)}`);
    const reason = (e.details as { reason?: string } | undefined)?.reason;
    if (e.httpStatus >= 500 || e.httpStatus < 400 || e.code === 'verify_failed' || reason === 'too_slow' || reason === 'failed') {
      throw new Error(`finding: ${e.httpStatus} ${e.code} ${reason ?? ''}: ${e.message}`);
    }
    return `${e.httpStatus} ${e.code}${reason ? ` ${reason}` : ''}`;
  }
}
