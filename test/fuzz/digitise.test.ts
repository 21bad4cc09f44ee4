import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { jpegScan, pngScan, receptionForm, simplePdf, tiffScan } from '../support/fixtures';
import { makeHarness, type Harness } from '../support/harness';
import { FUZZ_SEED, fuzzRuns, fuzzTimeout, tally } from './config';
import { applyAll, mutated } from './mutate';

/**
 * Issue 10, bad input: random and mutated JPEG, PNG, TIFF and PDF uploads through reception,
 * sniffed there and digitised by the real OCR worker threads. Property: reception answers 201
 * or a 4xx; every document of a received dossier ends `done` or `failed` (with its reason)
 * within the bound; /health answers throughout; nothing is logged as unhandled.
 */
const files = fuzzRuns(16);
const PER_DOSSIER = 6;
/** A page of these small scans takes well under a second; a document still open after this is stuck. */
const SETTLE_MS = Number(process.env.TAICHO_FUZZ_SETTLE_MS ?? 60_000);

let h: Harness;
let seeds: Uint8Array[];
const MAGIC = ['ffd8ffe0', '89504e470d0a1a0a', '49492a00', '4d4d002a', '255044462d312e370a'].map((x) => new Uint8Array(Buffer.from(x, 'hex')));

beforeAll(async () => {
  h = await makeHarness({ digitise: { threads: 1 } });
  seeds = [await pngScan(), await jpegScan(), await tiffScan(), await simplePdf()];
});
afterAll(() => h?.close());

/** A mutated scan, or random bytes behind a format's magic number (sniffed as that format). */
const upload = fc.oneof(
  { weight: 4, arbitrary: mutated(4, 3).map(({ seed, mutations }) => applyAll(seeds, seed, mutations)) },
  { weight: 1, arbitrary: fc.tuple(fc.nat(MAGIC.length - 1), fc.uint8Array({ maxLength: 2048 })).map(([m, rest]) => new Uint8Array(Buffer.concat([MAGIC[m], rest]))) },
);

/**
 * With TAICHO_FUZZ_LAST set, each dossier's files are written there before they are sent: a
 * crash of the whole process (a native fault in a decoder) leaves no counterexample otherwise.
 */
function keepLast(uploads: Uint8Array[]) {
  const dir = process.env.TAICHO_FUZZ_LAST;
  if (!dir) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  uploads.forEach((bytes, i) => writeFileSync(path.join(dir, `tep-${i}.bin`), bytes));
}

interface Doc {
  status: string;
  error: string | null;
}

async function settled(code: string): Promise<Doc[]> {
  const deadline = performance.now() + SETTLE_MS;
  for (;;) {
    const res = await h.get('reception', `/api/v1/dossiers/${code}`);
    expect(res.status).toBe(200);
    const { documents } = (await res.json()) as { documents: Doc[] };
    if (documents.every((d) => d.status === 'done' || d.status === 'failed')) return documents;
    expect(performance.now(), `documents still open after ${SETTLE_MS} ms: ${JSON.stringify(documents)}`).toBeLessThan(deadline);
    expect((await h.app.request('/health')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it(`${files} random and mutated uploads: received or refused, each document digitised or failed, none stuck`, async () => {
  const t = tally('digitise uploads');
  await fc.assert(
    fc.asyncProperty(fc.array(upload, { minLength: 1, maxLength: PER_DOSSIER }), async (uploads) => {
      keepLast(uploads);
      const form = await receptionForm({ files: uploads.map((bytes, i) => ({ name: `tep-${i}.bin`, bytes })) });
      const res = await h.post('reception', '/api/v1/dossiers', form);
      const body = (await res.json()) as { code?: string; error?: { code: string } };
      expect(res.status, JSON.stringify(body)).toBeLessThan(500);
      expect(h.errors).toEqual([]);
      if (res.status !== 201) return void t.count(`refused ${res.status} ${body.error?.code}`);
      for (const d of await settled(body.code!)) {
        t.count(d.status);
        if (d.status === 'failed') expect(d.error, 'a failed document says why').toBeTruthy();
      }
    }),
    { numRuns: Math.ceil(files / ((1 + PER_DOSSIER) / 2)), seed: FUZZ_SEED, endOnFailure: true },
  );
  console.log(t.done());
}, fuzzTimeout(files, 3_000, 120_000));
