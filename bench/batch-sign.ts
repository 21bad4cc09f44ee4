/**
 * Batch signing (`npx tsx bench/batch-sign.ts [N]`): the leader signs N appraised results with one
 * `POST /api/v1/approval/batch`, beside the same N signed one request each
 * (`POST …/:code/approval`), on the real service (temp dir, the test harness's dev PKI with ECDSA P-256 keys)
 * in the same run. Each signature is PAdES B-T plus a DSS (B-LT), so the batch saves only the
 * per-request overhead: the figure says what a leader waits for after one PIN entry.
 */
import { TEST_PIN } from '../src/pki';
import { receptionForm, simplePdf } from '../test/support/fixtures';
import { makeHarness } from '../test/support/harness';

const N = Number(process.argv[2] ?? 10);
const h = await makeHarness({ pki: true });

async function appraised(): Promise<string> {
  const form = await receptionForm({ procedureCode: '2.000575', files: [{ name: 'de-nghi.pdf', bytes: await simplePdf() }] });
  const { code } = (await (await h.post('reception', '/api/v1/dossiers', form)).json()) as { code: string };
  const res = await h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'accept', note: 'Đủ điều kiện', result: { title: 'GIẤY CHỨNG NHẬN', body: 'Nội dung.' } });
  if (res.status !== 200) throw new Error(`appraisal: ${res.status} ${await res.text()}`);
  return code;
}

async function batch(codes: string[]): Promise<number> {
  const t0 = performance.now();
  const res = await h.post('leader', '/api/v1/approval/batch', { codes, pin: TEST_PIN });
  const body = (await res.json()) as { signed: number };
  if (res.status !== 200 || body.signed !== codes.length) throw new Error(`batch: ${res.status} ${JSON.stringify(body)}`);
  return performance.now() - t0;
}

async function oneByOne(codes: string[]): Promise<number> {
  const t0 = performance.now();
  for (const code of codes) {
    const res = await h.post('leader', `/api/v1/dossiers/${code}/approval`, { pin: TEST_PIN });
    if (res.status !== 200) throw new Error(`approval: ${res.status} ${await res.text()}`);
  }
  return performance.now() - t0;
}

try {
  await batch([await appraised()]); // warm-up: fonts, keys, JIT
  const a: string[] = [];
  const b: string[] = [];
  for (let i = 0; i < N; i++) a.push(await appraised());
  for (let i = 0; i < N; i++) b.push(await appraised());
  const tBatch = await batch(a);
  const tSingle = await oneByOne(b);
  console.log(`${N} results, one batch request : ${(tBatch / 1000).toFixed(2)} s (${(tBatch / N).toFixed(0)} ms per dossier)`);
  console.log(`${N} results, one request each  : ${(tSingle / 1000).toFixed(2)} s (${(tSingle / N).toFixed(0)} ms per dossier)`);
} finally {
  await h.close();
}
