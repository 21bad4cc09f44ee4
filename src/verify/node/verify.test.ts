import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { needTools } from '../../../test/support/tools';
import { main } from '../../cli/main';
import { UnprocessableError, isTaichoError } from '../../shared/errors';
import { appendRevision, basePdf, contentStream, firstPage, flipByte, helveticaKey, pdfsigSign, resignWithTimestamp, sha256 } from './testing/pdf-fixtures';
import { addDocumentTimestamp } from './testing/doc-timestamp';
import { pdfsigVerdicts, pdftotext } from './testing/oracle';
import { SIGNERS, createTestPki, opensslTimestamp, signerFiles, type TestPki } from './testing/test-pki';
import type { VerificationReport } from '../types';
import { verifyPdf } from '../verify-pdf';

/**
 * The verifier against PDFs signed by another implementation (pdfsig + NSS, certificates from
 * openssl) and their broken variants. pdfsig is the oracle for integrity; for trust, revocation
 * and changes after signing (which pdfsig cannot judge) the expected verdict is stated here.
 */
needTools('pdfsig', 'openssl', 'certutil', 'pk12util', 'pdftotext').describe('verifyPdf on pdfsig-signed fixtures', () => {
  let pki: TestPki;
  let base: Uint8Array;
  let one: Uint8Array;
  let two: Uint8Array;
  const verify = (pdf: Uint8Array, crls = true): Promise<VerificationReport> => verifyPdf(pdf, { anchors: [pki.rootDer], crls: crls ? [pki.crlDer] : [] });

  beforeAll(async () => {
    pki = createTestPki(mkdtempSync(path.join(tmpdir(), 'taicho-verify-pki-')));
    base = await basePdf();
    one = pdfsigSign(pki, base, 'leader', 'LanhDao');
    two = pdfsigSign(pki, one, 'seal', 'DongDau');
  });

  it('two valid signatures (leader, then seal): valid, trusted, in signing order; pdfsig agrees', async () => {
    const r = await verify(two);
    expect(r.reasons).toEqual([]);
    expect(r.valid).toBe(true);
    expect(r.signatures.map((s) => s.signer)).toEqual([SIGNERS.leader.cn, SIGNERS.seal.cn]);
    expect(r.signatures.map((s) => [s.integrity, s.signatureValid, s.chain, s.revocation, s.modifiedAfter])).toEqual([
      ['intact', true, 'trusted', 'good', false],
      ['intact', true, 'trusted', 'good', false],
    ]);
    expect(r.signatures.map((s) => [s.coversRevision, s.totalDocument])).toEqual([[1, false], [2, true]]);
    expect(r.signatures[0].organisation).toBe(SIGNERS.leader.o);
    expect(r.revisions).toHaveLength(3);
    expect(Object.isFrozen(r.signatures[0])).toBe(true);
    const o = pdfsigVerdicts(two);
    expect(o.results).toEqual(['valid', 'valid']);
    expect(o.total).toEqual([false, true]);
  });

  it('a byte flipped inside the signed range: digest-mismatch; pdfsig agrees', async () => {
    const bad = flipByte(two, 300);
    const r = await verify(bad);
    expect(r.valid).toBe(false);
    expect(r.signatures.map((s) => s.integrity)).toEqual(['digest-mismatch', 'digest-mismatch']);
    expect(pdfsigVerdicts(bad).results).toEqual(['digest-mismatch', 'digest-mismatch']);
  });

  it('a byte flipped in the second signature\'s range only breaks the second one', async () => {
    // A digit of the second signature's /M date: covered by signature 2 only.
    const bad = flipByte(two, Buffer.from(two).lastIndexOf('/M (D:') + 8);
    const r = await verify(bad);
    expect(r.signatures.map((s) => s.integrity)).toEqual(['intact', 'digest-mismatch']);
    expect(pdfsigVerdicts(bad).results).toEqual(['valid', 'digest-mismatch']);
  });

  it('an appended revision that changes the page text: intact but modified after signing (pdfsig only sees "not total")', async () => {
    const { contents } = firstPage(two);
    const edited = appendRevision(two, [{ num: contents, body: contentStream('Le phi: 9.000.000 dong', helveticaKey(two)) }]);
    expect(pdftotext(edited)).toContain('9.000.000');
    const r = await verify(edited);
    expect(r.valid).toBe(false);
    expect(r.signatures.map((s) => [s.integrity, s.signatureValid, s.modifiedAfter])).toEqual([['intact', true, true], ['intact', true, true]]);
    expect(r.signatures[1].modifications.join('\n')).toMatch(/revision 3: object \d+ replaced with different content/);
    expect(r.revisions[3].changes.items.map((i) => i.category)).toEqual(['other']);
    const o = pdfsigVerdicts(edited);
    expect(o.results).toEqual(['valid', 'valid']);
    expect(o.total).toEqual([false, false]);
  });

  it('a page object replaced in a later revision while every digest still matches (shadow: hide-and-replace)', async () => {
    const { page, pageBody, contents } = firstPage(one);
    expect(pageBody).toContain('/Contents');
    // The page now points at a new content stream: the signed one is left untouched but hidden.
    const newNum = 9000;
    const body = pageBody.replace(/\/Contents\s+(\d+\s+\d+\s+R|\[[^\]]*\])/, `/Contents ${newNum} 0 R`);
    const edited = appendRevision(one, [
      { num: newNum, body: contentStream('Le phi: 0 dong', helveticaKey(one)) },
      { num: page, body },
    ]);
    expect(contents).toBeGreaterThan(0);
    const r = await verify(edited);
    expect(r.signatures[0].integrity).toBe('intact');
    expect(r.signatures[0].modifiedAfter).toBe(true);
    expect(r.signatures[0].modifications.join('\n')).toContain('page 1 changed: /Contents');
    expect(pdfsigVerdicts(edited).results).toEqual(['valid']);
  });

  it('a truncated file: the last signature\'s ByteRange runs past the end; invalid', async () => {
    const cut = two.subarray(0, two.length - 30);
    const r = await verify(cut);
    expect(r.valid).toBe(false);
    expect(r.signatures.at(-1)?.integrity).toBe('byterange-invalid');
    expect(r.signatures.map((s) => s.integrity)).toEqual(['intact', 'byterange-invalid']);
    // pdfsig cannot read the cut-off revision at all: it sees only the first signature.
    expect(pdfsigVerdicts(cut).results).toEqual(['valid']);
  });

  it('unsigned bytes appended after the last %%EOF are reported', async () => {
    const junk = new Uint8Array(Buffer.concat([two, Buffer.from('\n1 0 obj (hidden) endobj\n')]));
    const r = await verify(junk);
    expect(r.valid).toBe(false);
    expect(r.signatures[1].modifications.join()).toMatch(/objects appended without a cross-reference section/);
  });

  it('a signer under an untrusted root: intact but untrusted (pdfsig -nocert cannot tell)', async () => {
    const pdf = pdfsigSign(pki, base, 'stranger', 'Khach');
    const r = await verify(pdf);
    expect(r.signatures[0]).toMatchObject({ integrity: 'intact', signatureValid: true, chain: 'untrusted', signer: SIGNERS.stranger.cn });
    expect(r.valid).toBe(false);
    expect(pdfsigVerdicts(pdf).results).toEqual(['valid']);
    // Trusting that root instead makes it valid: the verdict follows the anchors.
    expect((await verifyPdf(pdf, { anchors: [pki.otherRootDer] })).valid).toBe(true);
  });

  it('a certificate revoked before signing: invalid with the CRL; "unknown" without it', async () => {
    const pdf = pdfsigSign(pki, base, 'revoked', 'BiThuHoi');
    const withCrl = await verify(pdf, true);
    expect(withCrl.signatures[0]).toMatchObject({ integrity: 'intact', chain: 'trusted', revocation: 'revoked' });
    expect(withCrl.valid).toBe(false);
    const without = await verify(pdf, false);
    expect(without.signatures[0].revocation).toBe('unknown');
    expect(without.valid).toBe(true);
    expect(pdfsigVerdicts(pdf).results).toEqual(['valid']);
  });

  it('an expired certificate: chain "expired" at the signing time', async () => {
    // pdfsig (poppler 22.12, NSS) signs with an expired certificate; were it to refuse, this
    // test must fail rather than pass having verified nothing.
    const pdf = pdfsigSign(pki, base, 'expired', 'HetHan');
    const r = await verify(pdf);
    expect(r.signatures[0]).toMatchObject({ integrity: 'intact', chain: 'expired' });
    expect(r.valid).toBe(false);
  });

  it('a signature time-stamp (openssl ts): valid when its imprint matches, invalid when it does not', async () => {
    const { keyPem, certDer } = signerFiles(pki, 'clerk');
    const good = resignWithTimestamp(one, keyPem, certDer, (sig) => opensslTimestamp(pki, sha256(sig)));
    const g = (await verify(good)).signatures[0];
    expect(g.integrity).toBe('intact');
    expect(g.timestamp).toMatchObject({ valid: true, imprintMatches: true, tsa: 'Taicho Test TSA', chain: 'trusted' });
    expect((await verify(good)).valid).toBe(true);
    expect((await verify(good)).signatures[0].signer).toBe(SIGNERS.clerk.cn);
    const bad = resignWithTimestamp(one, keyPem, certDer, () => opensslTimestamp(pki, sha256(Buffer.from('something else'))));
    const b = await verify(bad);
    expect(b.signatures[0].timestamp).toMatchObject({ valid: false, imprintMatches: false });
    expect(b.signatures[0].integrity).toBe('intact');
    expect(b.valid).toBe(false);
    expect(pdfsigVerdicts(bad).results).toEqual(['valid']);
  });

  it('a document time-stamp after leader and seal: allowed; a wrong imprint breaks only the time-stamp', async () => {
    const stamped = addDocumentTimestamp(two, (digest) => opensslTimestamp(pki, digest));
    const r = await verify(stamped);
    expect(r.signatures.map((s) => s.kind)).toEqual(['signature', 'signature', 'document-timestamp']);
    expect(r.signatures[2]).toMatchObject({ integrity: 'intact', signatureValid: true, chain: 'trusted', signer: 'Taicho Test TSA', totalDocument: true });
    expect(r.signatures[2].timestamp).toMatchObject({ valid: true, imprintMatches: true });
    expect(r.signatures.map((s) => s.modifiedAfter)).toEqual([false, false, false]);
    expect(r.valid).toBe(true);
    expect(pdfsigVerdicts(stamped).results.slice(0, 2)).toEqual(['valid', 'valid']);
    const wrong = addDocumentTimestamp(two, () => opensslTimestamp(pki, sha256(Buffer.from('khác'))));
    const w = await verify(wrong);
    expect(w.signatures.map((s) => s.integrity)).toEqual(['intact', 'intact', 'digest-mismatch']);
    expect(w.valid).toBe(false);
  });

  it('a classic-xref PDF signed twice verifies the same way', async () => {
    const classic = await basePdf({ objectStreams: false, pages: 2 });
    const pdf = pdfsigSign(pki, pdfsigSign(pki, classic, 'leader', 'A'), 'seal', 'B');
    const r = await verify(pdf);
    expect(r.valid).toBe(true);
    expect(r.signatures).toHaveLength(2);
  });

  it('CLI: exit 0 for the valid result with --trust DIR, 1 without the anchor; writes the HTML and PDF reports', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'taicho-verify-cli-'));
    writeFileSync(path.join(dir, 'two.pdf'), two);
    mkdirSync(path.join(dir, 'trust'));
    writeFileSync(path.join(dir, 'trust', 'root.der'), pki.rootDer);
    writeFileSync(path.join(dir, 'trust', 'dev.crl'), pki.crlDer);
    writeFileSync(path.join(dir, 'revoked.pdf'), pdfsigSign(pki, base, 'revoked', 'R'));
    const out: string[] = [];
    const io = { stdout: (s: string) => out.push(s), stderr: (s: string) => out.push(s), env: {}, cwd: dir };
    expect(await main(['verify', 'two.pdf', '--trust', 'trust', '--html', 'r.html', '--pdf', 'r.pdf'], io)).toBe(0);
    expect(out.join('')).toContain('Hợp lệ');
    expect(readFileSync(path.join(dir, 'r.html'), 'utf8')).toContain('data-valid="true"');
    expect(readFileSync(path.join(dir, 'r.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(await main(['verify', 'revoked.pdf', '--trust', 'trust', '--json'], io)).toBe(1); // the CRL in the trust dir is read
    expect(JSON.parse(out.at(-1) as string).signatures[0].revocation).toBe('revoked');
    expect(await main(['verify', 'two.pdf', '--json'], io)).toBe(1); // default certs/trust under cwd: absent
    expect(JSON.parse(out.at(-1) as string).signatures[0].chain).toBe('untrusted');
  });

  it('no signature: valid false with that reason', async () => {
    const r = await verify(base);
    expect(r.valid).toBe(false);
    expect(r.reasons).toEqual(['the document has no signature']);
  });

  it('random corruption and truncation: a verdict or a TaichoError, never a crash or a hang', async () => {
    let seed = 12345;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    for (let i = 0; i < 120; i++) {
      const bytes = Uint8Array.from(two.subarray(0, i % 3 === 0 ? 1024 + rand(two.length - 1024) : two.length));
      for (let k = 0; k < 1 + rand(20); k++) bytes[1024 + rand(bytes.length - 1024)] = rand(256);
      try {
        const r = await verifyPdf(bytes, { anchors: [pki.rootDer], limits: { timeMs: 5_000 } });
        expect(typeof r.valid).toBe('boolean');
      } catch (e) {
        expect(isTaichoError(e), String(e)).toBe(true);
      }
    }
  });

  it('not a PDF: UnprocessableError, never a crash', async () => {
    await expect(verify(new Uint8Array(Buffer.from('Xin chào, đây không phải PDF')))).rejects.toThrow(UnprocessableError);
    await expect(verifyPdf(two, { anchors: [], limits: { maxBytes: 1000 } })).rejects.toThrow(/limit/);
  });
});
