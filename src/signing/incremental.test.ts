import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFArray, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { removeScratch } from '../pki';
import { ConflictError, InvalidInputError, NotFoundError, UnprocessableError } from '../shared/errors';
import { haveTool, runTool } from '../../test/support/tools';
import { addDss } from './dss';
import { lastXref } from './incremental';
import { certifyCopy, signPdf } from './sign-pdf';
import { AGENCY, resultPdf, signingFixture, textPdf, writeIn, type SigningFixture } from './testing';

/**
 * PDF structure: updates after classic and xref-stream files, the certified copy's text,
 * B-LT DSS, DocMDP rules and the clear refusals.
 */

const tools = { pdfsig: haveTool('pdfsig'), qpdf: haveTool('qpdf'), pdftotext: haveTool('pdftotext') };
const AT = new Date('2026-11-23T03:04:05Z');
let f: SigningFixture;

beforeAll(async () => {
  f = await signingFixture();
});
afterAll(() => removeScratch());

const file = (name: string, pdf: Uint8Array) => writeIn(f.dir, `${name}-${Math.random()}.pdf`, pdf);
const validCount = (pdf: Uint8Array) => (runTool('pdfsig', [file('v', pdf)]).stdout.match(/Signature is Valid/g) ?? []).length;
const qpdfOk = (pdf: Uint8Array) => runTool('qpdf', ['--check', file('q', pdf)]).status;

describe('certified copy of a third-party PDF with xref streams', () => {
  let source: Uint8Array;
  let copy: Uint8Array;
  beforeAll(async () => {
    source = await textPdf(2, { objectStreams: true });
    copy = await certifyCopy(source, { signer: f.seal, copyNumber: '07/2026', organisation: AGENCY, now: AT, timestamp: f.pki.tsa });
  });

  it('appends an xref-stream section (the only legal kind after one) and keeps the original bytes', () => {
    expect(lastXref(source).isStream).toBe(true);
    expect(lastXref(copy).isStream).toBe(true);
    expect(Buffer.from(copy.subarray(0, source.length)).equals(Buffer.from(source))).toBe(true);
    expect(Buffer.from(copy.subarray(source.length)).toString('latin1')).toMatch(/\/Type \/XRef .*\/Prev \d+/);
  });

  it.skipIf(!tools.pdfsig || !tools.qpdf)('is a valid, total signature and passes qpdf --check', () => {
    expect(validCount(copy)).toBe(1);
    expect(runTool('pdfsig', [file('c', copy)]).stdout).toContain('Total document signed');
    expect(qpdfOk(copy)).toBe(0);
  });

  it.skipIf(!tools.pdftotext)('pdftotext reads the top-right line with its diacritics and +07:00 time', () => {
    const text = runTool('pdftotext', ['-f', '1', '-l', '1', file('t', copy), '-']).stdout.normalize('NFC');
    expect(text).toContain('Bản sao số 07/2026 – Ủy ban nhân dân phường Bến Thành – 2026-11-23T10:04:05+07:00');
    const page2 = runTool('pdftotext', ['-f', '2', '-l', '2', file('t', copy), '-']).stdout;
    expect(page2).not.toContain('Bản sao');
  });

  it.skipIf(!tools.pdfsig || !tools.qpdf)('can be signed again on top (second xref-stream update)', async () => {
    const again = await signPdf(copy, { signer: f.leader, reason: 'Kiểm tra' });
    expect(validCount(again)).toBe(2);
    expect(qpdfOk(again)).toBe(0);
  });
});

describe('B-LT: DSS in a later update', () => {
  it.skipIf(!tools.pdfsig || !tools.qpdf)('adds /Certs and /CRLs, extends an existing DSS, and every signature stays valid', async () => {
    const leader = await signPdf(await resultPdf(), { signer: f.leader, field: 'leader', docMdp: true, now: AT });
    const sealed = await signPdf(leader, { signer: f.seal, field: 'seal', now: AT });
    const certs = [f.leader.certificate, f.seal.certificate, ...f.leader.chain];
    const once = await addDss(sealed, { certs, crls: [f.pki.crl('issuing')] });
    const twice = await addDss(once, { crls: [f.pki.crl('root')] });
    expect(validCount(twice)).toBe(2);
    expect(qpdfOk(twice)).toBe(0);
    const dss = (await PDFDocument.load(twice)).catalog.lookup(PDFName.of('DSS'), PDFDict);
    expect(dss.lookup(PDFName.of('Certs'), PDFArray).size()).toBe(new Set(certs.map((c) => Buffer.from(c).toString('hex'))).size);
    expect(dss.lookup(PDFName.of('CRLs'), PDFArray).size()).toBe(2);
    await expect(addDss(sealed, {})).rejects.toThrow(InvalidInputError);
  });
});

describe('DocMDP and refusals', () => {
  it('after a P=2 certification only pre-existing fields may be signed; DocMDP must come first', async () => {
    const certified = await signPdf(await resultPdf(), { signer: f.leader, field: 'leader', docMdp: true });
    await expect(signPdf(certified, { signer: f.seal })).rejects.toMatchObject({ code: 'field_must_preexist' });
    await expect(signPdf(certified, { signer: f.seal, field: 'seal', docMdp: true })).rejects.toThrow(ConflictError);
  });

  it('refuses unknown and already-signed fields, non-PDFs, and a CMS larger than its reserve', async () => {
    const pdf = await resultPdf();
    await expect(signPdf(pdf, { signer: f.leader, field: 'nope' })).rejects.toThrow(NotFoundError);
    const signed = await signPdf(pdf, { signer: f.leader, field: 'leader' });
    await expect(signPdf(signed, { signer: f.seal, field: 'leader' })).rejects.toMatchObject({ code: 'field_already_signed' });
    await expect(signPdf(new TextEncoder().encode('not a pdf'), { signer: f.leader })).rejects.toThrow(UnprocessableError);
    await expect(signPdf(pdf, { signer: f.leader, field: 'leader', reserve: 200 })).rejects.toMatchObject({ code: 'signature_too_large' });
    await expect(signPdf(pdf, { signer: f.leader, newField: { page: 9, rect: { x: 0, y: 0, width: 10, height: 10 } } })).rejects.toThrow(InvalidInputError);
  });
});
