import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { TEST_PIN } from '../../src/pki';
import { renderPage } from '../../src/digitise/testing/fixtures';
import type { Desk } from '../browser/desk';
import { receptionForm } from '../support/fixtures';

/**
 * The whole life of a dossier on the web desk, one exported step per hand-off, each driven by
 * visible labels and roles on the page of the person doing it, so a suite can chain them
 * (test/web/whole-life.test.ts); the auditor's step is `auditorVerifies` in test/browser/steps.ts.
 */

export const RESULT_TEXT = {
  title: 'GIẤY KHAI SINH',
  body: 'Họ và tên: Nguyễn Văn An.\n\nNơi sinh: Bệnh viện Phụ sản Hà Nội.',
};

/**
 * Tiếp nhận hồ sơ: the procedure found by name, the applicant typed, one scan chosen and one
 * dropped on its document, submitted; the dossier page follows digitisation live until both
 * documents say `Đã số hóa`. Returns the new dossier's code.
 */
export async function receiveTwoScans(page: Page, applicantName: string): Promise<string> {
  await page.goto('/');
  await page.getByRole('link', { name: 'Tiếp nhận hồ sơ', exact: true }).click();
  await page.getByLabel('Tìm thủ tục theo tên hoặc mã').fill('khai sinh');
  await page.getByRole('link', { name: 'Đăng ký khai sinh' }).click();
  await page.getByLabel('Họ và tên người nộp').fill(applicantName);
  await page.getByLabel('Số CCCD / định danh cá nhân').fill('001085012345');
  await page.getByLabel('Số điện thoại').fill('0912345678');
  const toKhai = await renderPage(['Tờ khai đăng ký khai sinh', `Người yêu cầu: ${applicantName}`]);
  const chungSinh = await renderPage(['Giấy chứng sinh', 'Bệnh viện Phụ sản Hà Nội']);
  await page.getByLabel('Tờ khai đăng ký khai sinh', { exact: true }).setInputFiles({ name: 'to-khai.png', mimeType: 'image/png', buffer: toKhai });
  await page.getByLabel('Giấy chứng sinh', { exact: true }).setInputFiles({ name: 'chung-sinh.png', mimeType: 'image/png', buffer: chungSinh });
  await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
  await page.waitForURL(/\/dossiers\/.+\?received=1/);
  await expect.poll(() => page.getByText('Đã số hóa', { exact: true }).count(), { timeout: 180_000, interval: 250 }).toBe(2);
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
}

/** `In giấy hẹn` on the dossier page: the link opens the slip PDF (fetched with the same session). */
export async function printSlip(page: Page): Promise<Uint8Array> {
  const slip = page.getByRole('link', { name: 'In giấy hẹn' });
  const res = await page.request.get((await slip.getAttribute('href'))!);
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

/** Trả kết quả: from reception's queue to the dossier, the citizen's rating ticked, handed over. */
export async function returnResult(page: Page, code: string): Promise<void> {
  await page.goto('/');
  await page.getByRole('link', { name: code }).click();
  await page.getByLabel('5 sao').check();
  await page.getByRole('button', { name: 'Trả kết quả' }).click();
  await expect.poll(() => page.getByText('Đã trả kết quả cho công dân.').count()).toBe(1);
}

/** The citizen looks the dossier up by its code, as typed from the slip, on a phone-wide page. */
export async function citizenLooksUp(page: Page, code: string, expected: string): Promise<void> {
  await page.goto('/lookup');
  await page.getByLabel('Mã hồ sơ').fill(code);
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await page.waitForURL(`**/lookup/${encodeURIComponent(code)}`);
  expect(await page.locator('main').textContent()).toContain(expected);
  // Usable at 360 px: nothing wider than the screen.
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
}

/**
 * The citizen arrives from the slip's QR link (`/lookup/<code>?k=<key>`: the key is filled in),
 * types the last 4 digits of the CCCD and downloads the sealed result.
 */
export async function citizenDownloadsResult(page: Page, desk: Desk, code: string, idLast4: string): Promise<Uint8Array> {
  const key = desk.h.storage.accessKeys.keyFor(code);
  await page.goto(`/lookup/${encodeURIComponent(code)}?k=${key}`);
  expect(await page.getByLabel('Mã nhận kết quả').inputValue()).toBe(key);
  await page.getByLabel('4 số cuối số CCCD của người nộp').fill(idLast4);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải kết quả (PDF)' }).click()]);
  const pdf = new Uint8Array(Buffer.concat(await (await download.createReadStream()).toArray()));
  expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
  return pdf;
}

/**
 * For suites that test a later screen: a dossier with two scans received through the API the
 * reception form calls (the form itself is driven by `receiveTwoScans`).
 */
export async function receivedByApi(desk: Desk, applicantName = 'Nguyễn Thị Ánh Tuyết'): Promise<string> {
  const scan = async (lines: string[]) => new Uint8Array(await renderPage(lines));
  const form = await receptionForm({
    procedureCode: '2.000575',
    applicantName,
    files: [
      { name: 'don-de-nghi.png', bytes: await scan(['Đơn đề nghị đăng ký hộ kinh doanh', 'Tên hộ kinh doanh: Tạp hóa Ánh Tuyết']) },
      { name: 'cccd.png', bytes: await scan(['Căn cước công dân', 'Số: 001085012345']) },
    ],
  });
  const res = await desk.h.post('reception', '/api/v1/dossiers', form);
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { code: string }).code;
}

/** Digitisation runs to done for every document (the state the live progress shows). */
export async function waitUntilDigitised(desk: Desk, code: string): Promise<void> {
  const statuses = async () => ((await (await desk.h.get('reception', `/api/v1/dossiers/${code}`)).json()) as { documents: { status: string }[] }).documents.map((d) => d.status);
  await expect.poll(statuses, { timeout: 180_000, interval: 500 }).toEqual(['done', 'done']);
}
