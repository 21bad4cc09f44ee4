import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeScratch } from '../pki';
import { leaderAppearance, sealAppearance, signPdf } from '../signing';
import { AGENCY, LEADER_NAME, resultPdf, signingFixture, type SigningFixture } from '../signing/testing';
import { appendRevision, firstPage } from './node/testing/pdf-fixtures';
import { verifyPdf } from './verify-pdf';

/**
 * The service's own results (src/signing: leader approves with a certification signature and a
 * time-stamp, the agency's seal goes on top): valid, trusted, in the right order, and a change
 * made after sealing is caught.
 */
const AT = new Date('2026-11-23T03:04:05Z');
let f: SigningFixture;
let sealed: Uint8Array;
let afterLeader: Uint8Array;

beforeAll(async () => {
  f = await signingFixture();
  afterLeader = await signPdf(await resultPdf(), {
    signer: f.leader, field: 'leader', reason: 'Phê duyệt kết quả giải quyết', docMdp: true, timestamp: f.pki.tsa, now: AT,
    appearance: await leaderAppearance({ signerName: LEADER_NAME, agency: AGENCY, at: AT }),
  });
  sealed = await signPdf(afterLeader, { signer: f.seal, field: 'seal', reason: 'Đóng dấu', timestamp: f.pki.tsa, appearance: await sealAppearance({ agency: AGENCY }) });
});
afterAll(() => removeScratch());

describe('verifying the service\'s leader + seal results', () => {
  const anchors = () => [f.pki.certificate('root-ca')];

  it('leader then seal: valid, trusted, time-stamped, leader first', async () => {
    const r = await verifyPdf(sealed, { anchors: anchors() });
    expect(r.reasons).toEqual([]);
    expect(r.valid).toBe(true);
    expect(r.signatures.map((s) => s.fieldName)).toEqual(['leader', 'seal']);
    expect(r.signatures[0].signer).toBe(LEADER_NAME);
    // The path the auditor reads: signer, issuing CA, the anchor.
    expect(r.signatures[0].chainPath).toEqual([LEADER_NAME, 'Taicho Dev Issuing CA', 'Taicho Dev Root CA']);
    for (const s of r.signatures) {
      expect(s).toMatchObject({ integrity: 'intact', signatureValid: true, chain: 'trusted', modifiedAfter: false });
      expect(s.timestamp?.valid).toBe(true);
      expect(s.level).not.toBeNull();
    }
    expect(r.signatures[0].docMdp).toBe(2);
    expect(r.signatures.map((s) => s.level)).toEqual(['B-T', 'B-T']);
    // Certifying, signing and sealing touch only what signing needs.
    expect(r.revisions.flatMap((x) => x.changes.items).filter((i) => i.category === 'other')).toEqual([]);
  });

  it('a page edit after sealing is caught for both signatures', async () => {
    const { contents } = firstPage(sealed);
    const edited = appendRevision(sealed, [{ num: contents, body: '<< /Length 0 >>\nstream\n\nendstream' }]);
    const r = await verifyPdf(edited, { anchors: anchors() });
    expect(r.valid).toBe(false);
    expect(r.signatures.map((s) => [s.integrity, s.modifiedAfter])).toEqual([['intact', true], ['intact', true]]);
  });

  it('without the root as anchor: untrusted, never valid', async () => {
    expect((await verifyPdf(sealed, { anchors: [] })).signatures.map((s) => s.chain)).toEqual(['untrusted', 'untrusted']);
  });
});
