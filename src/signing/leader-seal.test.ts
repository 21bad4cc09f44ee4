import { createHash } from 'node:crypto';
import * as pkijs from 'pkijs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { removeScratch } from '../pki';
import { haveTool, runTool } from '../../test/support/tools';
import { leaderAppearance, sealAppearance } from './presets';
import { signPdf } from './sign-pdf';
import { AGENCY, extractSignatures, LEADER_NAME, LEADER_RECT, resultPdf, SEAL_RECT, signingFixture, writeIn, type SigningFixture } from './testing';

/**
 * The approval → seal path end to end, judged by independent tools: poppler's pdfsig (NSS),
 * qpdf, openssl cms / ts, and the rendered page's pixels.
 */

const tools = { pdfsig: haveTool('pdfsig'), qpdf: haveTool('qpdf'), openssl: haveTool('openssl'), pdftoppm: haveTool('pdftoppm') };
const AT = new Date('2026-11-23T03:04:05Z');

let f: SigningFixture;
let unsigned: Uint8Array;
let afterLeader: Uint8Array;
let sealed: Uint8Array;

beforeAll(async () => {
  f = await signingFixture();
  unsigned = await resultPdf();
  afterLeader = await signPdf(unsigned, {
    signer: f.leader,
    field: 'leader',
    reason: 'Phê duyệt kết quả giải quyết',
    location: 'Phường Bến Thành',
    docMdp: true,
    timestamp: f.pki.tsa,
    now: AT,
    appearance: await leaderAppearance({ signerName: LEADER_NAME, agency: AGENCY, at: AT }),
  });
  sealed = await signPdf(afterLeader, { signer: f.seal, field: 'seal', reason: 'Đóng dấu', timestamp: f.pki.tsa, appearance: await sealAppearance({ agency: AGENCY }) });
});
afterAll(() => removeScratch());

function pdfsig(pdf: Uint8Array): string {
  return runTool('pdfsig', [writeIn(f.dir, `p-${Math.random()}.pdf`, pdf)]).stdout;
}

describe('leader then seal, incremental', () => {
  it('keeps the earlier revisions byte for byte', () => {
    expect(Buffer.from(afterLeader.subarray(0, unsigned.length)).equals(Buffer.from(unsigned))).toBe(true);
    expect(Buffer.from(sealed.subarray(0, afterLeader.length)).equals(Buffer.from(afterLeader))).toBe(true);
  });

  it.skipIf(!tools.pdfsig)('pdfsig: both valid, the first not total, the second total', () => {
    const out = pdfsig(sealed);
    const [, first, second] = out.split(/Signature #\d+:/);
    expect(first).toContain('Signature Field Name: leader');
    expect(first).toContain('Signature is Valid');
    expect(first).toContain('Not total document signed');
    expect(second).toContain('Signature Field Name: seal');
    expect(second).toContain('Signature is Valid');
    expect(second).toMatch(/- Total document signed/);
    expect(out).toContain('ETSI.CAdES.detached');
  });

  it.skipIf(!tools.qpdf)('qpdf --check passes', () => {
    const r = runTool('qpdf', ['--check', writeIn(f.dir, 'sealed.pdf', sealed)]);
    expect(r.stdout).toContain('No syntax or stream encoding errors');
    expect(r.status).toBe(0);
  });

  it.skipIf(!tools.openssl)('openssl cms -verify accepts each CMS over its ByteRange bytes, with and without the trust anchor', () => {
    const sigs = extractSignatures(sealed);
    expect(sigs).toHaveLength(2);
    sigs.forEach((s, i) => {
      const cms = writeIn(f.dir, `cms${i}.der`, s.cms);
      const content = writeIn(f.dir, `content${i}.bin`, s.signedBytes);
      const base = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', cms, '-content', content, '-out', '/dev/null'];
      expect(runTool('openssl', [...base, '-noverify']).stderr).toContain('Verification successful');
      expect(runTool('openssl', [...base, '-CAfile', f.rootPem, '-purpose', 'any']).stderr).toContain('Verification successful');
      const wrong = writeIn(f.dir, `wrong${i}.bin`, Buffer.concat([s.signedBytes, Buffer.from('x')]));
      expect(runTool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', cms, '-content', wrong, '-noverify', '-out', '/dev/null']).status).not.toBe(0);
    });
  });

  it('CAdES attributes: contentType, messageDigest, signing-certificate-v2, no signing-time; a signature time-stamp', () => {
    for (const s of extractSignatures(sealed)) {
      const si = signerInfoOf(s.cms);
      const types = si.signedAttrs!.attributes.map((a) => a.type).sort();
      expect(types).toEqual(['1.2.840.113549.1.9.16.2.47', '1.2.840.113549.1.9.3', '1.2.840.113549.1.9.4']);
      expect(si.unsignedAttrs!.attributes.map((a) => a.type)).toEqual(['1.2.840.113549.1.9.16.2.14']);
      expect(si.digestAlgorithm.algorithmId).toBe('2.16.840.1.101.3.4.2.1');
    }
  });

  it.skipIf(!tools.openssl)('openssl ts -verify: the token covers the SHA-256 of the signature value', () => {
    const si = signerInfoOf(extractSignatures(sealed)[0].cms);
    const token = writeIn(f.dir, 'token.der', new Uint8Array(si.unsignedAttrs!.attributes[0].values[0].toBER()));
    const sigValue = new Uint8Array(si.signature.valueBlock.valueHexView);
    const verify = (digest: string) =>
      runTool('openssl', ['ts', '-verify', '-digest', digest, '-in', token, '-token_in', '-CAfile', f.rootPem]);
    const ok = verify(createHash('sha256').update(sigValue).digest('hex'));
    expect(ok.stdout + ok.stderr).toContain('Verification: OK');
    expect(verify(createHash('sha256').update('other').digest('hex')).stdout).not.toContain('Verification: OK');
  });

  it.skipIf(!tools.pdfsig)('a byte changed inside a signed range makes pdfsig report both signatures invalid', () => {
    const text = Buffer.from(sealed).toString('latin1');
    const at = text.indexOf('/Type /Page');
    expect(at).toBeGreaterThan(0);
    const tampered = new Uint8Array(sealed);
    tampered[at + 7] = 'p'.charCodeAt(0); // /Type /page: same length, different bytes
    const out = pdfsig(tampered);
    expect(out.match(/Signature is Valid/g) ?? []).toHaveLength(0);
    expect(out).toMatch(/Signature is Invalid|Digest Mismatch/);
  });

  it('the leader certifies with DocMDP P=2 in /Perms, pointing at its signature', async () => {
    const doc = await PDFDocument.load(sealed);
    const perms = doc.catalog.lookup(PDFName.of('Perms'), PDFDict);
    const sig = perms.lookup(PDFName.of('DocMDP'), PDFDict);
    expect(sig.get(PDFName.of('SubFilter'))).toBe(PDFName.of('ETSI.CAdES.detached'));
    expect(Buffer.from(sealed).toString('latin1')).toContain('/TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P 2');
  });

  it.skipIf(!tools.pdftoppm)('rendered: blue signature in the leader box, the red seal over its left third only', async () => {
    const png = writeIn(f.dir, 'page', '');
    runTool('pdftoppm', ['-r', '72', '-png', '-singlefile', writeIn(f.dir, 'render.pdf', sealed), png]);
    const { data, info } = await sharp(`${png}.png`).raw().toBuffer({ resolveWithObject: true });
    const count = (x0: number, x1: number, y0: number, y1: number, pred: (r: number, g: number, b: number) => boolean) => {
      let n = 0;
      for (let y = Math.round(info.height - y1); y < info.height - y0; y++) {
        for (let x = Math.round(x0); x < x1; x++) {
          const i = (y * info.width + x) * info.channels;
          if (pred(data[i], data[i + 1], data[i + 2])) n++;
        }
      }
      return n;
    };
    const red = (r: number, g: number, b: number) => r > 150 && g < 90 && b < 90;
    const blue = (r: number, g: number, b: number) => b > 120 && r < 90;
    const L = LEADER_RECT;
    expect(count(L.x, L.x + L.width / 3, L.y, L.y + L.height, red)).toBeGreaterThan(20);
    expect(count(L.x + L.width / 3 + 3, L.x + L.width, L.y, L.y + L.height, red)).toBe(0);
    expect(count(L.x, L.x + L.width, L.y + 20, L.y + L.height, blue)).toBeGreaterThan(100);
    expect(count(SEAL_RECT.x, SEAL_RECT.x + SEAL_RECT.width / 2, SEAL_RECT.y, SEAL_RECT.y + SEAL_RECT.height, red)).toBeGreaterThan(200);
  });
});

function signerInfoOf(cms: Uint8Array): pkijs.SignerInfo {
  const info = pkijs.ContentInfo.fromBER(cms.slice().buffer as ArrayBuffer);
  return new pkijs.SignedData({ schema: info.content }).signerInfos[0];
}
