import { readFileSync } from 'node:fs';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTimeStampAuthority, pkiRevocationSource, readPkcs12, removeScratch, TEST_PIN } from '../pki';
import { importPkcs12Key } from '../pki/pkcs12';
import { needTools, runTool } from '../../test/support/tools';
import { addArchiveTimestamp } from './doc-timestamp';
import { addDss } from './dss';
import { vriKey } from './ltv';
import { signPdf } from './sign-pdf';
import { extractSignatures, resultPdf, signingFixture, writeIn, type SigningFixture } from './testing';

/** The sealed result made B-LTA: what the DSS holds, and that nothing visible changes. */
let f: SigningFixture;
let sealed: Uint8Array;
let lta: Uint8Array;

beforeAll(async () => {
  f = await signingFixture();
  const leader = await signPdf(await resultPdf(), { signer: f.leader, field: 'leader', docMdp: true, timestamp: f.pki.tsa });
  // As the approval does: a DSS with the leader's chain and CRLs before the seal.
  const lt = await addDss(leader, { certs: [f.leader.certificate, ...f.leader.chain], crls: [f.pki.crl('issuing'), f.pki.crl('root')] });
  sealed = await signPdf(lt, { signer: f.seal, field: 'seal', timestamp: f.pki.tsa });
  lta = await addArchiveTimestamp(sealed, { tsa: f.pki.tsa, revocation: pkiRevocationSource(f.pki) });
}, 60_000);
afterAll(() => removeScratch());

async function dssOf(pdf: Uint8Array) {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const dss = doc.catalog.lookup(PDFName.of('DSS'), PDFDict);
  const items = (key: string, d: PDFDict = dss) => {
    const arr = d.lookup(PDFName.of(key));
    return arr instanceof PDFArray ? arr.asArray().map((r) => (doc.context.lookup(r as PDFRef) as PDFRawStream).contents) : [];
  };
  return { doc, dss, items };
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

describe('archive time-stamp after the seal (PAdES B-LTA)', () => {
  it('appends only: the sealed bytes unchanged, a document time-stamp last covering the whole file', () => {
    expect(Buffer.from(lta.subarray(0, sealed.length)).equals(Buffer.from(sealed))).toBe(true);
    const sigs = extractSignatures(lta);
    expect(sigs).toHaveLength(3);
    const last = sigs[2];
    expect(last.byteRange[2] + last.byteRange[3]).toBe(lta.length);
    expect(Buffer.from(lta).toString('latin1')).toMatch(/\/Type \/DocTimeStamp \/Filter \/Adobe\.PPKLite \/SubFilter \/ETSI\.RFC3161/);
  });

  it('DSS: the signers’ and the TSA’s chains, CRLs and OCSP responses, nothing stored twice', async () => {
    const { items } = await dssOf(lta);
    const certs = items('Certs').map(b64);
    for (const der of [f.leader.certificate, f.seal.certificate, f.pki.certificate('tsa'), f.pki.certificate('issuing-ca'), f.pki.certificate('root-ca')]) expect(certs).toContain(b64(der));
    expect(new Set(certs).size).toBe(certs.length);
    const crls = items('CRLs').map(b64);
    expect(new Set(crls).size).toBe(crls.length);
    expect(crls).toContain(b64(f.pki.crl('issuing')));
    // One OCSP response each for the leader, the seal and the TSA certificate.
    expect(items('OCSPs').length).toBeGreaterThanOrEqual(3);
  });

  it('VRI: one entry per signature, keyed by the SHA-1 of its CMS, with its certificates and revocation data', async () => {
    const { dss, items } = await dssOf(lta);
    const vri = dss.lookup(PDFName.of('VRI'), PDFDict);
    const [leader, seal] = extractSignatures(sealed);
    for (const s of [leader, seal]) {
      const entry = vri.lookup(PDFName.of(vriKey(s.cms)), PDFDict);
      const certs = items('Cert', entry).map(b64);
      expect(certs).toContain(b64(f.pki.certificate('tsa')));
      expect(items('CRL', entry).length).toBeGreaterThan(0);
      expect(items('OCSP', entry).length).toBeGreaterThan(0);
    }
    expect(certsOf(items, vri, extractSignatures(sealed)[0].cms)).toContain(b64(f.leader.certificate));
  });

  needTools('pdftoppm').it('looks exactly as the sealed result did (every pixel of the page)', () => {
    const render = (name: string, pdf: Uint8Array) => {
      const out = writeIn(f.dir, name, pdf).replace(/\.pdf$/, '');
      runTool('pdftoppm', ['-r', '50', '-png', '-singlefile', `${out}.pdf`, out]);
      return readFileSync(`${out}.png`);
    };
    expect(render('sealed.pdf', sealed).equals(render('lta.pdf', lta))).toBe(true);
  });

  it('a TSA that sends a token larger than the usual room gets a second, larger try', async () => {
    // The same TSA key, but its answers carry a chain padded to ~12 KB.
    const contents = readPkcs12(readFileSync(f.pki.credentialPath('tsa')), TEST_PIN);
    const padded = Array.from({ length: 20 }, () => f.pki.certificate('root-ca'));
    const tsa = createTimeStampAuthority({ cert: f.pki.certificate('tsa'), key: await importPkcs12Key(contents), chain: [f.pki.certificate('issuing-ca'), ...padded] });
    const big = await addArchiveTimestamp(sealed, { tsa, revocation: pkiRevocationSource(f.pki) });
    const last = extractSignatures(big)[2];
    expect(last.cms.length).toBeGreaterThan(8192);
    expect(last.byteRange[2] + last.byteRange[3]).toBe(big.length);
    expect(lta.length - sealed.length).toBeLessThan(big.length - sealed.length);
  });

  it('a document certified with no changes allowed (DocMDP P=1) is refused, not broken', async () => {
    const locked = Buffer.from(sealed).toString('latin1').replace('/P 2 /V /1.2', '/P 1 /V /1.2');
    // Same length, so the xref still holds; the signatures' digests no longer matter here.
    await expect(addArchiveTimestamp(new Uint8Array(Buffer.from(locked, 'latin1')), { tsa: f.pki.tsa, revocation: pkiRevocationSource(f.pki) })).rejects.toMatchObject({ code: 'document_locked' });
  });
});

function certsOf(items: (k: string, d?: PDFDict) => Uint8Array[], vri: PDFDict, cms: Uint8Array): string[] {
  return items('Cert', vri.lookup(PDFName.of(vriKey(cms)), PDFDict)).map(b64);
}
