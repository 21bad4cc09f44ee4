import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PIN } from '../../src/pki';
import { receptionForm, simplePdf } from '../support/fixtures';
import { receivedByApi, RESULT_TEXT, waitUntilDigitised } from '../web/steps';
import { expectAccessible, focusedClass, haveChromium, pageProblems, screenshot, signIn, startDesk, type Desk } from './desk';

const hasChromium = haveChromium();

/** The case-work screens: Thẩm định, Phê duyệt, Đóng dấu — their good and bad paths, axe, screenshots. */
describe.skipIf(!hasChromium)('case-work screens (chromium)', () => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await startDesk({ pki: true });
  });
  afterAll(() => desk?.close());

  async function received(): Promise<string> {
    const form = await receptionForm({ procedureCode: '2.000575', files: [{ name: 'de-nghi.pdf', bytes: await simplePdf() }] });
    return ((await (await desk.h.post('reception', '/api/v1/dossiers', form)).json()) as { code: string }).code;
  }
  async function appraised(): Promise<string> {
    const code = await received();
    const res = await desk.h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'accept', note: 'Đủ điều kiện', result: RESULT_TEXT });
    expect(res.status).toBe(200);
    return code;
  }
  const statusOf = async (code: string) => ((await (await desk.h.get('auditor', `/api/v1/dossiers/${code}`)).json()) as { status: string }).status;

  it('Thẩm định: the queue, the case with each PDF beside its text; a decision without its reason is said beside the field', async () => {
    const code = await receivedByApi(desk);
    const other = await received();
    await waitUntilDigitised(desk, code);
    const page = await desk.page();
    await signIn(page, 'specialist');
    await page.getByRole('link', { name: 'Thẩm định', exact: true }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Hồ sơ chờ thẩm định');
    expect(await page.getByRole('link', { name: code }).count()).toBe(1);
    await expectAccessible(page, 'appraisal queue');
    await screenshot(page, 'appraisal-queue-1366');

    await page.getByRole('link', { name: code }).click();
    expect(await page.getByRole('navigation', { name: 'Các phần của hồ sơ' }).getByRole('link').allTextContents()).toEqual(['Thông tin', 'Giấy tờ', 'Quyết định', 'Quá trình xử lý']);
    // The searchable PDF is served to the session by the API, in the page; its OCR text beside it.
    const src = await page.locator('iframe[title="Bản số hóa: don-de-nghi.png"]').getAttribute('src');
    const pdf = await page.request.get(src!);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await page.getByRole('region', { name: 'Văn bản nhận dạng, trang 1' }).first().textContent())?.normalize('NFC')).toMatch(/Tạp hóa Ánh Tuyết/);
    expect(await page.locator('.timeline').textContent()).toContain('Tiếp nhận');
    await expectAccessible(page, 'appraisal case');
    // Only for the picture: Chromium's PDF viewer paints a frame only inside the viewport, and after load.
    await page.setViewportSize({ width: 1366, height: Number(await page.evaluate('document.documentElement.scrollHeight')) });
    await page.waitForTimeout(3000);
    await screenshot(page, 'appraisal-case-1366');
    await page.setViewportSize({ width: 1366, height: 900 });

    // Từ chối without a reason: the domain refuses, the page says it beside the field and focuses the summary.
    await page.getByRole('button', { name: 'Từ chối', exact: true }).click();
    await expect.poll(() => page.getByText('Nhập lý do từ chối.').count()).toBe(2); // summary + beside the field
    expect(await focusedClass(page)).toContain('error-summary');
    expect(await page.getByLabel('Lý do từ chối').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'appraisal case with an error');
    // A title left blank takes the procedure's own, as the API does: the preview is still the PDF.
    await page.getByLabel('Tiêu đề văn bản kết quả').fill('');
    const [preview] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/preview')), page.getByRole('button', { name: 'Xem trước kết quả' }).click()]);
    expect(preview.status()).toBe(200);
    expect(preview.headers()['content-type']).toBe('application/pdf');
    expect(await statusOf(code)).toBe('received');

    // Yêu cầu bổ sung: the missing items, one per line, reach the domain as a list.
    await page.getByLabel('Giấy tờ cần bổ sung').fill('Bản sao sổ hộ khẩu\n\nGiấy xác nhận tình trạng hôn nhân');
    await Promise.all([page.waitForURL('**/appraisal?*'), page.getByRole('button', { name: 'Yêu cầu bổ sung' }).click()]);
    expect(await page.getByRole('status').textContent()).toContain('Đã yêu cầu bổ sung');
    const view = (await (await desk.h.get('auditor', `/api/v1/dossiers/${code}`)).json()) as { status: string; history: { data?: { missingItems?: string[] } }[] };
    expect(view.status).toBe('supplement_requested');
    expect(view.history.at(-1)?.data?.missingItems).toEqual(['Bản sao sổ hộ khẩu', 'Giấy xác nhận tình trạng hôn nhân']);

    // Từ chối with the reason, on a phone-wide screen.
    const phone = await desk.page({ width: 360, height: 740 });
    await signIn(phone, 'specialist');
    await phone.goto(`/appraisal/${other}`);
    await screenshot(phone, 'appraisal-case-360');
    expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await phone.getByLabel('Lý do từ chối').fill('Thửa đất đang có tranh chấp.');
    await Promise.all([phone.waitForURL('**/appraisal?*'), phone.getByRole('button', { name: 'Từ chối', exact: true }).click()]);
    expect(await statusOf(other)).toBe('rejected');
    expect(pageProblems(page)).toEqual([]);
    expect(pageProblems(phone)).toEqual([]);
  }, 240_000); // waits for two scans to be OCR'd

  it('a case opened while its scans are being digitised follows the OCR live and then shows the PDFs', async () => {
    const page = await desk.page();
    await signIn(page, 'specialist');
    const code = await receivedByApi(desk, 'Lê Thị Hồng');
    await page.goto(`/appraisal/${code}`);
    expect(await page.locator('[data-events-url]').count()).toBe(1); // rendered before OCR finished
    expect(await page.locator('iframe[title^="Bản số hóa"]').count()).toBe(0);
    await expect.poll(() => page.locator('iframe[title^="Bản số hóa"]').count(), { timeout: 180_000, interval: 500 }).toBe(2);
    expect(await page.locator('[data-events-url]').count()).toBe(0);
    expect(await page.getByText('Đã số hóa', { exact: true }).count()).toBe(2);
    expect(pageProblems(page)).toEqual([]);
  }, 240_000);

  it('Phê duyệt: a wrong PIN is said beside the PIN, the ticks kept, nothing signed; one result signed from its preview', async () => {
    const [a, b] = [await appraised(), await appraised()];
    const page = await desk.page({ width: 360, height: 740 });
    await signIn(page, 'leader');
    await page.goto('/approval');
    await page.getByLabel(`Chọn hồ sơ ${a}`).check();
    await page.getByLabel(`Chọn hồ sơ ${b}`).check();
    expect(await page.locator('[data-batch-count]').textContent()).toBe('Đã chọn 2 hồ sơ');
    await expectAccessible(page, 'approval queue');
    await screenshot(page, 'approval-queue-360');
    await page.getByLabel('Mã PIN').fill('sai-ma-pin');
    await page.getByRole('button', { name: 'Ký số', exact: true }).click();
    await expect.poll(() => page.getByText('Mã PIN không đúng. Chưa hồ sơ nào được ký; hãy nhập lại mã PIN.').count()).toBe(2);
    expect(await focusedClass(page)).toContain('error-summary');
    expect(await page.getByLabel(`Chọn hồ sơ ${a}`).isChecked()).toBe(true);
    expect(await page.getByLabel(`Chọn hồ sơ ${b}`).isChecked()).toBe(true);
    expect(await statusOf(a)).toBe('appraised');
    await expectAccessible(page, 'approval with a wrong PIN');
    await screenshot(page, 'approval-wrong-pin-360');

    const wide = await desk.page();
    await signIn(wide, 'leader');
    await wide.goto('/approval');
    await screenshot(wide, 'approval-queue-1366');
    await wide.getByRole('link', { name: a }).click();
    const src = await wide.locator(`iframe[title="Văn bản kết quả của hồ sơ ${a}"]`).getAttribute('src');
    expect((await wide.request.get(src!)).headers()['content-type']).toBe('application/pdf');
    expect(await wide.getByText('Ký bằng USB token hoặc thiết bị ký số ngoài máy chủ').count()).toBe(1);
    await expectAccessible(wide, 'approval case');
    await screenshot(wide, 'approval-case-1366');
    await wide.getByLabel('Mã PIN').fill(TEST_PIN);
    await wide.getByRole('button', { name: 'Ký số', exact: true }).click();
    await expect.poll(() => wide.getByRole('status').textContent()).toContain('Đã ký 1/1 hồ sơ');
    expect(await statusOf(a)).toBe('approved');
    expect(await statusOf(b)).toBe('appraised');
    expect(pageProblems(page)).toEqual([]);
    expect(pageProblems(wide)).toEqual([]);
  });

  it('a locked key says plainly when it unlocks', async () => {
    const code = await appraised();
    const page = await desk.page();
    await signIn(page, 'leader3'); // a leader of its own: the lock touches no other test
    for (let i = 0; i < 6; i++) {
      await page.goto(`/approval/${code}`);
      await page.getByLabel('Mã PIN').fill(i < 5 ? 'sai-ma-pin' : TEST_PIN);
      await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Ký số', exact: true }).click()]);
      await page.waitForLoadState('load');
    }
    const message = await page.locator('.error-message').first().textContent();
    expect(message).toMatch(/Khóa ký số đang tạm khóa vì nhập sai mã PIN nhiều lần\. Khóa được mở lại lúc \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}\./);
    expect(await statusOf(code)).toBe('appraised');
  });

  it('Đóng dấu: the clerk seals from the queue; pages of another role are the 403 page', async () => {
    const code = await appraised();
    expect((await desk.h.post('leader', `/api/v1/dossiers/${code}/approval`, { pin: TEST_PIN })).status).toBe(200);
    const page = await desk.page();
    await signIn(page, 'clerk');
    await page.getByRole('link', { name: 'Đóng dấu', exact: true }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Kết quả chờ đóng dấu');
    await expectAccessible(page, 'seal queue');
    await screenshot(page, 'seal-queue-1366');
    for (const path of ['/approval', '/appraisal', `/appraisal/${code}`]) {
      const res = await page.goto(path);
      expect(res?.status()).toBe(403);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Không có quyền truy cập');
    }
    await expectAccessible(page, '403 page');
    // Ticking nothing is said beside the list; then one dossier sealed.
    await page.goto('/seal');
    await page.getByLabel('Mã PIN').fill(TEST_PIN);
    await page.getByRole('button', { name: 'Đóng dấu', exact: true }).click();
    await expect.poll(() => page.getByText('Chọn ít nhất một hồ sơ.').count()).toBe(2);
    await page.getByLabel(`Chọn hồ sơ ${code}`).check();
    await page.getByLabel('Mã PIN').fill(TEST_PIN);
    await page.getByRole('button', { name: 'Đóng dấu', exact: true }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Đã đóng dấu 1/1 hồ sơ');
    expect(await statusOf(code)).toBe('sealed');
    expect(pageProblems(page)).toEqual([]);
  });

});
