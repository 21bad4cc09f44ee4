import { describe, expect, it } from 'vitest';
import type { SignatureReport, VerificationReport } from '../verify/types';
import { niceMax } from './charts';
import { reportTone, signatureChecks, signatureTone } from './verdict';

const good: SignatureReport = {
  index: 0, fieldName: 'leader', kind: 'signature', subFilter: 'ETSI.CAdES.detached', signer: 'Nguyễn Văn Hùng', organisation: null,
  signedAt: '2026-11-23T02:00:00.000Z', reason: null, location: null, algorithm: 'ECDSA with SHA-256',
  timestamp: { time: '2026-11-23T02:00:01.000Z', valid: true, tsa: 'TSA', imprintMatches: true, chain: 'trusted' },
  integrity: 'intact', signatureValid: true, chain: 'trusted', chainPath: ['Nguyễn Văn Hùng', 'Root'], revocation: 'good',
  coversRevision: 1, totalDocument: false, modifiedAfter: false, modifications: [], level: 'B-LT', longTerm: null, docMdp: 2, errors: [],
};
const report = (sigs: SignatureReport[], valid = true): VerificationReport => ({
  valid, reasons: [], signatures: sigs, revisions: [], file: { size: 1, sha256: '00' }, warnings: [], checkedAt: '2026-11-23T02:00:00.000Z',
});

describe("the auditor's green / amber / red", () => {
  it('green only when every check passes', () => {
    expect(signatureTone(good)).toBe('green');
    expect(signatureChecks(good).every((c) => c.tone === 'green')).toBe(true);
  });

  it('years later: a signature proven by an archive time-stamp says so (green); one with no proof left is red', () => {
    const proven = signatureChecks({ ...good, longTerm: { provenAt: '2026-11-23T02:00:01.000Z', by: 'archive-timestamp', note: '…' } });
    expect(proven.find((c) => c.label === 'Giá trị lâu dài')).toMatchObject({ tone: 'green', text: expect.stringMatching(/dấu thời gian lưu trữ/) });
    const lapsed = { ...good, chain: 'expired' as const, longTerm: { provenAt: null, by: null, note: '…' } };
    expect(signatureChecks(lapsed).find((c) => c.label === 'Giá trị lâu dài')?.tone).toBe('red');
    expect(signatureTone(lapsed)).toBe('red');
    // Certificates still valid and nothing to prove: no extra row.
    expect(signatureChecks({ ...good, longTerm: { provenAt: null, by: null, note: '…' } }).some((c) => c.label === 'Giá trị lâu dài')).toBe(false);
  });

  it('red for what is proven wrong', () => {
    for (const bad of [{ integrity: 'digest-mismatch' }, { signatureValid: false }, { chain: 'expired' }, { revocation: 'revoked' }, { modifiedAfter: true }, { timestamp: { ...good.timestamp!, valid: false } }] as Partial<SignatureReport>[]) {
      expect(signatureTone({ ...good, ...bad }), JSON.stringify(bad)).toBe('red');
    }
  });

  it('amber for what could not be confirmed: no trusted anchor, no revocation data, no time-stamp', () => {
    for (const unsure of [{ chain: 'untrusted' }, { revocation: 'unknown' }, { timestamp: null }] as Partial<SignatureReport>[]) {
      expect(signatureTone({ ...good, ...unsure }), JSON.stringify(unsure)).toBe('amber');
    }
    expect(signatureTone({ ...good, revocation: 'revoked-after-signing' })).toBe('green');
  });

  it('the summary is the worst card; no signature is amber; a refused file is never green', () => {
    expect(reportTone(report([good, { ...good, chain: 'untrusted' }]))).toBe('amber');
    expect(reportTone(report([{ ...good, chain: 'untrusted' }, { ...good, integrity: 'digest-mismatch' }]))).toBe('red');
    expect(reportTone(report([]))).toBe('amber');
    expect(reportTone(report([good], false))).toBe('red');
  });
});

describe('chart axis', () => {
  it('rounds up to an even step so the middle line is whole', () => {
    expect([0, 3, 5, 7, 11, 45, 61, 900].map(niceMax)).toEqual([4, 4, 6, 10, 20, 60, 100, 1000]);
  });
});
