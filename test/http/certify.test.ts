import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PIN } from '../../src/pki';
import { receptionForm, simplePdf } from '../support/fixtures';
import { makeHarness, type Harness } from '../support/harness';
import { needTools, runTool } from '../support/tools';

// Bản sao điện tử chứng thực: the organisation signs the digitised PDF/A of a document handed in
// on an open dossier, and nothing else (not the raw upload, not a closed dossier's papers).

const scratch = mkdtempSync(path.join(tmpdir(), 'taicho-certify-'));

let h: Harness;
beforeAll(async () => {
  h = await makeHarness({ pki: true, digitise: { threads: 1 } });
});
afterAll(() => h.close());

/** A JPEG header, then garbage: passes the reception's sniffing, fails digitisation. */
const brokenJpeg = () => Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 4000 }, (_, i) => (i * 37) % 251)]);

async function receiveSettled(files: { name: string; bytes: Uint8Array }[]) {
  const { code, documents } = (await (await h.post('reception', '/api/v1/dossiers', await receptionForm({ files }))).json()) as { code: string; documents: { id: string }[] };
  const deadline = Date.now() + 45_000;
  for (;;) {
    const view = (await (await h.get('reception', `/api/v1/dossiers/${code}`)).json()) as { documents: { id: string; status: string }[] };
    if (view.documents.every((d) => d.status === 'done' || d.status === 'failed')) return { code, ids: documents.map((d) => d.id), statuses: view.documents.map((d) => d.status) };
    if (Date.now() > deadline) throw new Error(`still digitising: ${JSON.stringify(view.documents)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const certify = (code: string, id: string) => h.post('reception', `/api/v1/dossiers/${code}/documents/${id}/certify`, { pin: TEST_PIN });
const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe('certified electronic copy', () => {
  const file = path.join(scratch, 'certified.pdf');
  let copyNumber = '';

  it('reception certifies a digitised document: organisation signature and the copy line at the top right', async () => {
    const { code, ids, statuses } = await receiveSettled([{ name: 'giay-khai-sinh.pdf', bytes: await simplePdf() }]);
    expect(statuses).toEqual(['done']);
    const res = await certify(code, ids[0]);
    expect(res.status, await res.clone().text()).toBe(201);
    ({ copyNumber } = (await res.json()) as { copyNumber: string });
    expect(copyNumber).toMatch(/^\d{4}\/2026$/);
    const got = await h.get('specialist', `/api/v1/dossiers/${code}/documents/${ids[0]}/certified`);
    expect(got.status).toBe(200);
    writeFileSync(file, new Uint8Array(await got.arrayBuffer()));
    expect((await h.post('leader', `/api/v1/dossiers/${code}/documents/${ids[0]}/certify`, { pin: TEST_PIN })).status).toBe(403);
  });

  needTools('pdfsig').it("pdfsig: the copy's signature is valid and covers the whole file", () => {
    const out = runTool('pdfsig', [file]).stdout;
    expect(out.match(/Signature is Valid/g)).toHaveLength(1);
    expect(out).toMatch(/- Total document signed/);
  });

  needTools('pdftotext').it('pdftotext: the copy line names the copy number, the agency and the +07:00 time', () => {
    expect(copyNumber).toMatch(/^\d{4}\/2026$/);
    const text = runTool('pdftotext', [file, '-']).stdout.normalize('NFC');
    expect(text).toContain(`Bản sao số ${copyNumber}`);
    expect(text).toContain('Ủy ban nhân dân phường Bến Thành');
    expect(text).toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00/);
  });

  // Issue 10 (crash harness): the number was counted before signing and never checked again, so
  // copies certified at the same moment were issued the same number.
  it('copies certified at the same moment each get a number of their own', async () => {
    const { code, ids } = await receiveSettled([{ name: 'so-ho-khau.pdf', bytes: await simplePdf() }]);
    const answers = await Promise.all([1, 2, 3].map(() => certify(code, ids[0])));
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201]);
    const numbers = await Promise.all(answers.map(async (r) => ((await r.json()) as { copyNumber: string }).copyNumber));
    expect(new Set(numbers).size).toBe(3);
    const trail = (await (await h.get('auditor', `/api/v1/dossiers/${code}/audit`)).json()) as { entries: { action: string; detail: { copyNumber?: string } }[] };
    expect(trail.entries.filter((e) => e.action === 'signature.applied').map((e) => e.detail.copyNumber).sort()).toEqual([...numbers].sort());
  });

  it('a document whose digitisation failed: 409 not_digitised', async () => {
    const { code, ids, statuses } = await receiveSettled([{ name: 'hong.jpg', bytes: brokenJpeg() }]);
    expect(statuses).toEqual(['failed']);
    const res = await certify(code, ids[0]);
    expect(res.status).toBe(409);
    expect(await errorCode(res)).toBe('not_digitised');
  });

  it('a withdrawn or refused dossier: 409 dossier_closed, even for a digitised document', async () => {
    const withdrawn = await receiveSettled([{ name: 'a.pdf', bytes: await simplePdf() }]);
    expect((await h.post('reception', `/api/v1/dossiers/${withdrawn.code}/withdraw`, { reason: 'Công dân xin rút' })).status).toBe(200);
    const refused = await receiveSettled([{ name: 'b.pdf', bytes: await simplePdf() }]);
    expect((await h.post('specialist', `/api/v1/dossiers/${refused.code}/appraisal`, { decision: 'reject', note: 'Không đủ điều kiện' })).status).toBe(200);
    for (const d of [withdrawn, refused]) {
      expect(d.statuses).toEqual(['done']);
      const res = await certify(d.code, d.ids[0]);
      expect(res.status).toBe(409);
      expect(await errorCode(res)).toBe('dossier_closed');
    }
    const audit = (await (await h.get('auditor', `/api/v1/dossiers/${withdrawn.code}/audit`)).json()) as { entries: { action: string }[] };
    expect(audit.entries.some((e) => e.action === 'signature.applied')).toBe(false);
  });
});
