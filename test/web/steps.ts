import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { TEST_PIN } from '../../src/pki';
import type { Desk } from '../browser/desk';
import sharp from 'sharp';
import { receptionForm } from '../support/fixtures';

/**
 * The whole life of a dossier on the web desk, one exported step per hand-off, driven by visible
 * labels and roles. Each step takes the page of the person doing it, so a suite can chain them
 * (test/web/whole-life.test.ts) and later steps can be appended — the auditor's verification of
 * the result in the browser comes last.
 *
 * Reception's own screens (the `Tiếp nhận hồ sơ` form, live progress, `In giấy hẹn`, `Trả kết
 * quả`) are built on the `web-desk` branch; until it is merged, `receiveTwoScans`,
 * `printSlip` and `returnResult` use the same API those screens call, and say so.
 */

export const RESULT_TEXT = {
  title: 'GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH',
  body: 'Tên hộ kinh doanh: Tạp hóa Ánh Tuyết.\n\nĐịa điểm kinh doanh: số 5 ngõ Hàng Bột, Hà Nội.',
};

/** A scan-like page (A5 at 150 dpi) with a heading and a few lines, big enough for OCR to find its orientation. */
export async function pageScan(heading: string, lines: string[]): Promise<Uint8Array<ArrayBuffer>> {
  const text = [heading, ...lines].map((l, i) => `<text x="80" y="${140 + i * 70}" font-size="${i ? 36 : 48}" font-family="Liberation Serif">${l}</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1240" height="874"><rect width="100%" height="100%" fill="white"/>${text}</svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

/** Reception with two scanned files (via the API until the web-desk reception form is merged). */
export async function receiveTwoScans(desk: Desk, applicantName = 'Nguyễn Thị Ánh Tuyết'): Promise<string> {
  const form = await receptionForm({
    procedureCode: '2.000575',
    applicantName,
    files: [
      { name: 'don-de-nghi.png', bytes: await pageScan('ĐƠN ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH', ['Kính gửi: Ủy ban nhân dân phường Bến Thành', 'Tên hộ kinh doanh: Tạp hóa Ánh Tuyết', 'Ngành nghề kinh doanh: bán lẻ hàng tạp hóa']) },
      { name: 'cccd.png', bytes: await pageScan('CĂN CƯỚC CÔNG DÂN', ['Số: 001085012345', 'Họ và tên: Nguyễn Thị Ánh Tuyết', 'Ngày sinh: 12/03/1985']) },
    ],
  });
  const res = await desk.h.post('reception', '/api/v1/dossiers', form);
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { code: string }).code;
}

/** Digitisation runs to done for every document (the server-sent events' source of truth). */
export async function waitUntilDigitised(desk: Desk, code: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const view = (await (await desk.h.get('reception', `/api/v1/dossiers/${code}`)).json()) as { documents: { status: string }[] };
        return view.documents.map((d) => d.status);
      },
      { timeout: 180_000, interval: 500 },
    )
    .toEqual(['done', 'done']);
}

/** The appointment slip is a PDF, fetched with the signed-in reception's browser session. */
export async function printSlip(page: Page, code: string): Promise<Uint8Array> {
  const res = await page.request.get(`/api/v1/dossiers/${encodeURIComponent(code)}/receipt`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/pdf');
  const pdf = new Uint8Array(await res.body());
  expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
  return pdf;
}

/**
 * Thẩm định → Chấp nhận: from the queue to the case, the documents shown with their text, the
 * result previewed as a PDF, then accepted. Returns the preview's bytes.
 */
export async function appraiseAccept(page: Page, code: string, result = RESULT_TEXT): Promise<Uint8Array> {
  await page.goto('/appraisal');
  await page.getByRole('link', { name: code }).click();
  await page.waitForURL(`**/appraisal/${encodeURIComponent(code)}`);
  expect(await page.locator('iframe[title^="Bản số hóa"]').count()).toBe(2);
  await page.getByLabel('Tiêu đề văn bản kết quả').fill(result.title);
  await page.getByLabel('Nội dung văn bản kết quả').fill(result.body);
  const [preview] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/preview') && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Xem trước kết quả' }).click(),
  ]);
  expect(preview.status()).toBe(200);
  expect(preview.headers()['content-type']).toBe('application/pdf');
  // Chromium's PDF viewer takes over the frame's response; the same form posted again gives the bytes.
  const csrf = await page.locator('form:has(#result-title) input[name="_csrf"]').inputValue();
  const again = await page.request.post(preview.url(), { headers: { origin: new URL(page.url()).origin }, form: { _csrf: csrf, 'result-title': result.title, 'result-body': result.body } });
  expect(again.headers()['content-type']).toBe('application/pdf');
  const pdf = new Uint8Array(await again.body());
  expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
  await Promise.all([page.waitForURL('**/appraisal?*'), page.getByRole('button', { name: 'Chấp nhận', exact: true }).click()]);
  expect(await page.getByRole('status').textContent()).toContain('Đã chấp nhận');
  return pdf;
}

/** Tick dossiers in a signing queue and sign them with one PIN entry (leader: `Ký số`; clerk: `Đóng dấu`). */
export async function signTicked(page: Page, path: '/approval' | '/seal', codes: string[], pin = TEST_PIN): Promise<void> {
  await page.goto(path);
  for (const code of codes) await page.getByLabel(`Chọn hồ sơ ${code}`).check();
  expect(await page.locator('[data-batch-count]').textContent()).toBe(`Đã chọn ${codes.length} hồ sơ`);
  await page.getByLabel('Mã PIN').fill(pin);
  const button = path === '/approval' ? 'Ký số' : 'Đóng dấu';
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: button, exact: true }).click()]);
  await expect.poll(() => page.getByRole('status').textContent()).toContain(`${codes.length}/${codes.length} hồ sơ`);
  for (const code of codes) expect(await page.getByRole('row', { name: new RegExp(code) }).textContent()).toMatch(/Đã ký|Đã đóng dấu/);
}

/** The leader signs several dossiers in one batch. */
export const leaderSignsBatch = (page: Page, codes: string[], pin?: string) => signTicked(page, '/approval', codes, pin);

/** The clerk seals several dossiers in one batch. */
export const clerkSeals = (page: Page, codes: string[], pin?: string) => signTicked(page, '/seal', codes, pin);

/** Trả kết quả (via the API until the web-desk reception screens are merged). */
export async function returnResult(desk: Desk, code: string): Promise<void> {
  const res = await desk.h.post('reception', `/api/v1/dossiers/${code}/return`, { rating: 5 });
  expect(res.status, await res.clone().text()).toBe(200);
}

/** The citizen looks the dossier up by its code on a phone-wide page. */
export async function citizenLooksUp(page: Page, code: string, expected: string): Promise<void> {
  await page.goto(`/lookup/${encodeURIComponent(code)}`);
  expect(await page.locator('body').textContent()).toContain(code);
  expect(await page.locator('body').textContent()).toContain(expected);
  // Usable at 360 px: nothing wider than the screen.
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
}

/** The citizen downloads the sealed result with the code and the last 4 digits of their CCCD (the API's proof of identity; the lookup page's form for it is on web-desk). */
export async function citizenDownloadsResult(page: Page, code: string, idLast4: string): Promise<Uint8Array> {
  const res = await page.request.get(`/api/v1/public/dossiers/${encodeURIComponent(code)}/result?idLast4=${idLast4}`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/pdf');
  const pdf = new Uint8Array(await res.body());
  expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
  return pdf;
}
