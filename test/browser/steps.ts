import type { Page } from 'playwright-core';
import { TEST_PIN } from '../../src/pki';
import { receptionForm, simplePdf } from '../support/fixtures';
import type { Harness } from '../support/harness';

/**
 * Steps shared by the browser suites, so the whole-life test can end with the auditor's check:
 *
 *   const seen = await auditorVerifies(page, pdfBytes);   // page signed in as 'auditor'
 *   expect(seen.signatures.map((s) => s.verdict)).toEqual(['Hợp lệ', 'Hợp lệ']);
 */
export interface SeenReport {
  /** The summary's verdict word: 'Hợp lệ', 'Chưa xác định được' or 'Không hợp lệ'. */
  verdict: string;
  /** One per signature card, in file order: its heading ("Chữ ký 1: …") and verdict word. */
  signatures: { heading: string; verdict: string }[];
}

/** On Xác thực chữ ký, chooses the PDF, submits by the button's label and reads the report by its headings. */
export async function auditorVerifies(page: Page, pdf: Uint8Array, fileName = 'ket-qua.pdf'): Promise<SeenReport> {
  await page.goto('/verify');
  await page.getByLabel('Tệp PDF cần kiểm tra').setInputFiles({ name: fileName, mimeType: 'application/pdf', buffer: Buffer.from(pdf) });
  await Promise.all([page.waitForURL(/\/verify\/reports\//), page.getByRole('button', { name: 'Kiểm tra chữ ký' }).click()]);
  const summary = page.getByRole('region', { name: /Kết luận/ });
  const verdict = ((await summary.locator('.verdict').first().textContent()) ?? '').trim();
  const signatures = [];
  for (const card of await page.getByRole('article').all()) {
    const heading = ((await card.getByRole('heading', { level: 3 }).textContent()) ?? '').trim();
    const word = ((await card.locator('p .verdict').first().textContent()) ?? '').trim();
    signatures.push({ heading, verdict: word });
  }
  return { verdict, signatures };
}

/**
 * A result PDF made the way the service makes one, through the JSON API: received, appraised
 * (accepted), approved by the leader and sealed by the clerk, both with the demo PIN.
 */
export async function sealedResult(h: Harness): Promise<{ code: string; pdf: Uint8Array }> {
  const form = await receptionForm({ procedureCode: '2.000575', files: [{ name: 'de-nghi.pdf', bytes: await simplePdf() }] });
  const received = await h.post('reception', '/api/v1/dossiers', form);
  if (received.status !== 201) throw new Error(`reception: ${received.status} ${await received.text()}`);
  const { code } = (await received.json()) as { code: string };
  const steps: [string, string, unknown][] = [
    ['specialist', 'appraisal', { decision: 'accept', note: 'Đủ điều kiện', result: { title: 'GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH', body: 'Tên hộ kinh doanh: Tạp hóa Ánh Tuyết.' } }],
    ['leader', 'approval', { pin: TEST_PIN }],
    ['clerk', 'seal', { pin: TEST_PIN }],
  ];
  for (const [who, step, body] of steps) {
    const res = await h.post(who, `/api/v1/dossiers/${code}/${step}`, body);
    if (res.status !== 200) throw new Error(`${step}: ${res.status} ${await res.text()}`);
  }
  // The clerk fetches it: the raw result names the citizen, so auditors only get its report.
  const res = await h.get('clerk', `/api/v1/dossiers/${code}/result`);
  if (res.status !== 200) throw new Error(`result: ${res.status} ${await res.text()}`);
  return { code, pdf: new Uint8Array(await res.arrayBuffer()) };
}

/**
 * A copy changed inside what the first signature signs, chosen from the file's structure: its
 * /ByteRange [a b c d] gives the first signed range [a, a+b); the first stream whose data lies
 * wholly inside it gets one byte of its data flipped. Same length, offsets and xref unchanged,
 * so the file still opens: only the digests can tell.
 */
export function tamperInsideSignedRange(pdf: Uint8Array): { bytes: Uint8Array; offset: number } {
  const text = Buffer.from(pdf).toString('latin1');
  const m = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text);
  if (!m) throw new Error('no /ByteRange: not a signed PDF');
  const [start, length] = [Number(m[1]), Number(m[2])];
  const re = /(?<!end)stream\r?\n/g;
  re.lastIndex = start;
  for (let s = re.exec(text); s && s.index < start + length; s = re.exec(text)) {
    const dataStart = s.index + s[0].length;
    const dataEnd = text.indexOf('endstream', dataStart);
    if (dataEnd < 0 || dataEnd > start + length || dataEnd - dataStart < 8) continue;
    const offset = dataStart + Math.floor((dataEnd - dataStart) / 2);
    const bytes = new Uint8Array(pdf);
    bytes[offset] ^= 0x01;
    return { bytes, offset };
  }
  throw new Error('no stream inside the first signed range');
}
