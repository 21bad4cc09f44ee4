import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PIN } from '../../src/pki';
import { receptionForm, simplePdf } from '../support/fixtures';
import { expectAccessible, haveChromium, pageProblems, screenshot, signIn, startDesk, type Desk } from './desk';

const hasChromium = haveChromium();

describe.skipIf(!hasChromium)('citizen lookup and reception actions on the web desk (chromium)', () => {
  let desk: Desk;
  let sealed: string;
  let open: string;

  /** A dossier taken through the API to the sealed result (the other roles' screens are not under test here). */
  async function sealedDossier(): Promise<string> {
    const form = await receptionForm({ procedureCode: '2.000575', files: [{ name: 'de-nghi.pdf', bytes: await simplePdf() }] });
    const { code } = (await (await desk.h.post('reception', '/api/v1/dossiers', form)).json()) as { code: string };
    const steps: [string, string, object][] = [
      ['specialist', 'appraisal', { decision: 'accept', note: 'Đủ điều kiện', result: { title: 'GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH', body: 'Tên hộ kinh doanh: Tạp hóa Ánh Tuyết.' } }],
      ['leader', 'approval', { pin: TEST_PIN }],
      ['clerk', 'seal', { pin: TEST_PIN }],
    ];
    for (const [who, what, body] of steps) expect((await desk.h.post(who, `/api/v1/dossiers/${code}/${what}`, body)).status).toBe(200);
    return code;
  }

  beforeAll(async () => {
    desk = await startDesk({ pki: true, digitise: false });
    sealed = await sealedDossier();
    open = ((await (await desk.h.post('reception', '/api/v1/dossiers', await receptionForm())).json()) as { code: string }).code;
  });
  afterAll(() => desk?.close());

  it('a citizen on a 360 px phone finds the dossier by code, sees status, steps and appointment, never the ID', async () => {
    const page = await desk.page({ width: 360, height: 740 });
    await page.goto('/lookup');
    await expectAccessible(page, 'lookup search');
    await page.getByLabel('Mã hồ sơ').fill(sealed);
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.waitForURL(`**/lookup/${sealed}`);
    const main = (await page.locator('main').textContent())!;
    expect(main).toContain('Đã có kết quả, mời nhận kết quả');
    for (const step of ['Tiếp nhận hồ sơ', 'Phê duyệt, ký số', 'Đóng dấu (ký số tổ chức)']) expect(main).toContain(step);
    expect(main).toMatch(/Hẹn trả kết quả\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}/);
    for (const secret of ['001085012345', '0912', 'Hàng Bột', 'Nguyễn Thị']) expect(main).not.toContain(secret);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360); // no sideways scrolling
    await expectAccessible(page, 'lookup result');
    await screenshot(page, 'citizen-lookup-360');
    expect(pageProblems(page)).toEqual([]);
  });

  it("downloads the sealed result with the slip's key (filled from the QR link) and the last 4 CCCD digits; a wrong number is said beside the field", async () => {
    const page = await desk.page({ width: 360, height: 740 });
    const key = desk.h.storage.accessKeys.keyFor(sealed);
    await page.goto(`/lookup/${sealed}`);
    expect(await page.getByLabel('Mã nhận kết quả').inputValue()).toBe('');
    await page.getByLabel('4 số cuối số CCCD của người nộp').fill('2345');
    await page.getByRole('button', { name: 'Tải kết quả (PDF)' }).click();
    await expect.poll(() => page.locator('#k-error').textContent()).toContain('Nhập mã nhận kết quả');
    await page.goto(`/lookup/${sealed}?k=${key}`);
    expect(await page.getByLabel('Mã nhận kết quả').inputValue()).toBe(key);
    await page.getByLabel('4 số cuối số CCCD của người nộp').fill('0000');
    await page.getByRole('button', { name: 'Tải kết quả (PDF)' }).click();
    await expect.poll(() => page.locator('#idLast4-error').textContent()).toContain('4 số cuối CCCD không khớp với hồ sơ này');
    expect(new URL(page.url()).searchParams.get('k')).toBe(key);
    await expectAccessible(page, 'lookup with a download error');
    await page.getByLabel('4 số cuối số CCCD của người nộp').fill('2345');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải kết quả (PDF)' }).click()]);
    const bytes = Buffer.concat(await (await download.createReadStream()).toArray());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('an unknown code is a 404 page that asks again, with the message beside the field', async () => {
    const page = await desk.page({ width: 360, height: 740 });
    const res = await page.goto('/lookup/000.00.06.H56-261123-9999');
    expect(res?.status()).toBe(404);
    expect(await page.locator('#code-error').textContent()).toContain('Không có hồ sơ mã 000.00.06.H56-261123-9999');
    await expectAccessible(page, 'lookup not found');
  });

  it('reception returns the result with the citizen’s rating; the citizen then sees it returned', async () => {
    const page = await desk.page();
    await signIn(page, 'reception');
    await expect.poll(() => page.getByRole('link', { name: sealed }).count()).toBe(1); // in reception's queue
    await page.getByRole('link', { name: sealed }).click();
    await page.getByLabel('5 sao').check();
    await page.getByRole('button', { name: 'Trả kết quả' }).click();
    await expect.poll(() => page.getByText('Đã trả kết quả cho công dân.').count()).toBe(1);
    expect((await desk.h.services.dossiers.get((await desk.h.storage.auth.findUser('reception'))!, sealed)).rating).toBe(5);
    await page.goto(`/lookup/${sealed}`);
    expect(await page.locator('main').textContent()).toContain('Đã trả kết quả');
  });

  it('withdrawal asks for the reason beside the field, then records it', async () => {
    const page = await desk.page();
    await signIn(page, 'reception');
    await page.goto(`/dossiers/${open}`);
    await page.getByRole('button', { name: 'Rút hồ sơ' }).click();
    await expect.poll(() => page.locator('#withdraw-reason-error').textContent()).toContain('Nhập lý do rút hồ sơ');
    await page.getByLabel('Lý do rút hồ sơ').fill('Công dân xin rút để bổ sung giấy tờ khác');
    await page.getByRole('button', { name: 'Rút hồ sơ' }).click();
    await expect.poll(() => page.getByText('Đã ghi nhận công dân rút hồ sơ.').count()).toBe(1);
    expect(await page.locator('.summary-list').textContent()).toContain('Đã rút');
  });

  it('reception takes a supplement (files and note); the dossier goes back to appraisal', async () => {
    const code = ((await (await desk.h.post('reception', '/api/v1/dossiers', await receptionForm())).json()) as { code: string }).code;
    const asked = await desk.h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'supplement', note: 'Thiếu giấy chứng sinh', missingItems: ['Giấy chứng sinh'] });
    expect(asked.status).toBe(200);
    const page = await desk.page();
    await signIn(page, 'reception');
    await page.goto(`/dossiers/${code}`);
    await page.getByLabel('Giấy tờ bổ sung', { exact: true }).setInputFiles({ name: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await simplePdf()) });
    await page.getByLabel('Ghi chú').fill('Công dân nộp giấy chứng sinh');
    await page.getByRole('button', { name: 'Tiếp nhận bổ sung' }).click();
    await expect.poll(() => page.getByText('Đã tiếp nhận hồ sơ bổ sung; thời hạn giải quyết được tính tiếp.').count()).toBe(1);
    expect(await page.locator('#documents').textContent()).toContain('giay-chung-sinh.pdf');
    expect(await page.locator('.summary-list').textContent()).toContain('Chờ thẩm định');
    await expectAccessible(page, 'dossier page after a supplement');
  });

  it('an expired session on submit is said on the page and keeps what was typed', async () => {
    const page = await desk.page();
    await signIn(page, 'reception');
    await page.goto('/reception/new?procedure=1.001193');
    await page.getByLabel('Họ và tên người nộp').fill('Trần Văn Bình');
    const [cookie] = await page.context().cookies();
    await desk.h.services.auth.logout(cookie.value); // as if the token had expired
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Phiên đăng nhập đã hết hạn' }).count()).toBe(1);
    expect(await page.getByLabel('Họ và tên người nộp').inputValue()).toBe('Trần Văn Bình');
    expect(new URL(page.url()).pathname).toBe('/reception/new');
  });

  it('a lost network on submit is said on the page and keeps what was typed', async () => {
    const page = await desk.page();
    await signIn(page, 'reception');
    await page.goto('/reception/new?procedure=1.001193');
    await page.getByLabel('Họ và tên người nộp').fill('Trần Văn Bình');
    await page.context().setOffline(true);
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Mất kết nối mạng' }).count()).toBe(1);
    expect(await page.getByLabel('Họ và tên người nộp').inputValue()).toBe('Trần Văn Bình');
    await page.context().setOffline(false);
  });
});
