import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { needPath } from '../../../test/support/tools';
import { DIGEST_ALGORITHMS, portableDigest, useNativeDigests } from '../crypto/algorithms';
import { verifyPdf } from '../verify-pdf';
import { nodeDigests } from './node-digests';
import { withPrefixHashes } from './prefix-hashes';
import { verifyPdf as verifyOnNode } from './verify-pdf';
import { zlibInflate } from './zlib-inflate';

/**
 * node:crypto's digests (issue 11) against the portable ones (WebCrypto, @noble): the same bytes
 * for every algorithm the verifier hashes with, however the data is cut into parts, and the
 * same report on corpus files whichever the verifier uses.
 */
afterEach(() => useNativeDigests(undefined));

/** Deterministic bytes (a linear congruential sequence), inside a larger array so that views start past offset 0. */
function file(size: number): Uint8Array {
  const b = new Uint8Array(size + 7);
  for (let i = 0, x = 12345; i < b.length; i++) b[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return b.subarray(7);
}

const data = file(300_000);
const layouts: [string, Uint8Array[]][] = [
  ['nothing', []],
  ['one empty part', [new Uint8Array(0)]],
  ['one part', [data]],
  ['a ByteRange: two parts around a gap', [data.subarray(0, 120_000), data.subarray(137_000)]],
  ['parts with an empty one between', [data.subarray(5, 6), new Uint8Array(0), data.subarray(1000, 71_000), data.subarray(299_999)]],
  ['Vietnamese text', [new TextEncoder().encode('Quyết định số 15/QĐ-UBND'.normalize('NFC'))]],
];

describe('node:crypto digests against the portable ones', () => {
  it('knows every algorithm the verifier hashes with', () => {
    expect(DIGEST_ALGORITHMS.map((d) => d.name)).toEqual(['SHA-1', 'SHA-224', 'SHA-256', 'SHA-384', 'SHA-512', 'SHA3-256', 'SHA3-384', 'SHA3-512', 'SHAKE256', 'MD5']);
    for (const d of DIGEST_ALGORITHMS) expect(nodeDigests(d.name, [data]), d.name).toBeInstanceOf(Uint8Array);
  });

  it.each(DIGEST_ALGORITHMS.map((d) => [d.name, d] as const))('%s: the same digest for every way of cutting the data', async (_name, d) => {
    for (const [layout, parts] of layouts) expect(nodeDigests(d.name, parts), `${d.name}, ${layout}`).toEqual(await portableDigest(d, parts));
  });

  it('the same digests resuming from the prefixes already hashed in a verified file, in any order', async () => {
    // ByteRanges [start, end) + [gapEnd, to): successive signatures (growing prefixes), then a shorter
    // one, a repeated one, some not from 0, and the whole file.
    const ranges = [[0, 50_000, 60_000, 70_000], [0, 90_000, 100_000, 120_000], [0, 50_000, 60_000, 70_000], [0, 20_000, 25_000, 26_000], [0, 150_000, 160_000, 300_000], [10, 90_000, 95_000, 96_000], [10, 200_000, 200_000, 200_000], [0, 300_000, 300_000, 300_000]];
    for (const d of DIGEST_ALGORITHMS) {
      await withPrefixHashes(data, async () => {
        for (const [start, end, gapEnd, to] of ranges) {
          const parts = [data.subarray(start, end), data.subarray(gapEnd, to)];
          expect(nodeDigests(d.name, parts), `${d.name} [${start} ${end}] [${gapEnd} ${to}]`).toEqual(await portableDigest(d, parts));
        }
      });
    }
  });

  it('keeps no prefix past the verification: a buffer reused for other bytes hashes anew', async () => {
    const reused = file(100_000);
    const parts = () => [reused.subarray(0, 60_000), reused.subarray(70_000)];
    const before = await withPrefixHashes(reused, async () => nodeDigests('SHA-256', parts()));
    reused[1000] ^= 1;
    const sha256 = DIGEST_ALGORITHMS.find((d) => d.name === 'SHA-256')!;
    expect(await withPrefixHashes(reused, async () => nodeDigests('SHA-256', parts()))).toEqual(await portableDigest(sha256, parts()));
    expect(nodeDigests('SHA-256', parts())).not.toEqual(before);
  });

  it('leaves an algorithm it does not know to the portable code', () => {
    expect(nodeDigests('SHA-999', [data])).toBeUndefined();
  });
});

const dir = path.resolve(import.meta.dirname, '../../../../shared/corpus/pdf');
const corpus = needPath(dir, "the peers' corpus (../shared/corpus)");

corpus.describe('the verifier on node:crypto digests', () => {
  const now = new Date('2026-11-30T00:00:00Z');
  const verify = (f: string, how = verifyPdf) => how(new Uint8Array(readFileSync(path.join(dir, f))), { anchors: [], now, inflate: zlibInflate, limits: { maxBytes: 20 * 1024 * 1024, timeMs: 60_000 } });

  it.each([
    'dss-lt-short.pdf', // 24 signatures and a document time-stamp, SHA-256
    'dss-pkcs7_sha1.pdf', // adbe.pkcs7.sha1: SHA-1 of the ByteRange, then of the content
    'dss-Test.signed_Certipost-2048-SHA512.extended-LTA.pdf', // SHA-512, archive time-stamp
    'dss-818_Signature-P-DE_CRY-2_HASH_FAILURE.pdf', // a digest that does not match
    'pyhanko-ed448-shake256-nolen.pdf', // SHAKE256
  ])('%s: the same report with either, and on Node (prefixes hashed once)', async (f) => {
    const portable = await verify(f);
    const native = vi.fn(nodeDigests);
    useNativeDigests(native);
    expect(await verify(f)).toEqual(portable);
    expect(native).toHaveBeenCalled();
    expect(await verify(f, verifyOnNode)).toEqual(portable);
  });
});
