import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { renderPage } from '../../src/digitise/testing/fixtures';
import { receptionForm } from '../support/fixtures';
import { needTools, runTool } from '../support/tools';
import { expectAccessible, haveChromium, pageProblems, screenshot, signIn, startDesk, type Desk } from './desk';

const hasChromium = haveChromium();

/** Two scans as a phone or scanner makes them: Vietnamese text rendered by sharp. */
async function scans() {
  return {
    toKhai: await renderPage(['Tờ khai đăng ký khai sinh', 'Họ và tên: Nguyễn Văn An']),
    chungSinh: await renderPage(['Giấy chứng sinh', 'Bệnh viện Phụ sản Hà Nội']),
  };
}

/** Opens the form of "Đăng ký khai sinh" through the procedure search, as the counter does. */
async function openForm(page: Page) {
  await page.getByRole('link', { name: 'Tiếp nhận hồ sơ', exact: true }).click();
  await expectAccessible(page, 'procedure picker');
  await page.getByLabel('Tìm thủ tục theo tên hoặc mã').fill('khai sinh');
  // Filtered as typed, tone marks or not ("khai sinh" finds "Đăng ký khai sinh" only).
  await expect.poll(() => page.locator('#procedure-list li:visible').count()).toBe(1);
  await page.getByRole('link', { name: 'Đăng ký khai sinh' }).click();
  await page.getByLabel('Họ và tên người nộp').waitFor();
}

async function fillApplicant(page: Page) {
  await page.getByLabel('Họ và tên người nộp').fill('Nguyễn Thị Ánh Tuyết');
  await page.getByLabel('Số CCCD / định danh cá nhân').fill('001085012345');
  await page.getByLabel('Số điện thoại').fill('0912345678');
  await page.getByLabel('Địa chỉ (không bắt buộc)').fill('Số 5 ngõ Hàng Bột, Hà Nội');
}

/** Drops a file onto a document's zone the way a browser does (a DataTransfer with a File). */
async function dropFile(page: Page, zoneLabel: string, name: string, bytes: Buffer) {
  const dt = await page.evaluateHandle(
    ({ b64, name }) => {
      const bin = atob(b64);
      const data = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) data[i] = bin.charCodeAt(i);
      // Runs in the browser (no DOM types in this Node project).
      const g = globalThis as unknown as { DataTransfer: new () => { items: { add(f: File): void } } };
      const t = new g.DataTransfer();
      t.items.add(new File([data], name, { type: 'image/png' }));
      return t;
    },
    { b64: bytes.toString('base64'), name },
  );
  await page.locator('[data-dropzone]', { has: page.getByLabel(zoneLabel, { exact: true }) }).dispatchEvent('drop', { dataTransfer: dt });
}

describe.skipIf(!hasChromium)('reception on the web desk (chromium)', () => {
  let desk: Desk;
  let slipPdf: Buffer = Buffer.alloc(0);
  let slipCode = '';
  beforeAll(async () => {
    desk = await startDesk();
  });
  afterAll(() => desk?.close());

  it('receives a dossier with two scanned files, shows both digitised live, and prints the slip', async () => {
    const { toKhai, chungSinh } = await scans();
    const page = await desk.page();
    await signIn(page, 'reception');
    await openForm(page);
    await expectAccessible(page, 'reception form');
    // The CCCD is checked as typed, with the domain's rule (province code).
    await page.getByLabel('Số CCCD / định danh cá nhân').fill('999085012345');
    await expect.poll(() => page.getByText('Mã tỉnh 999 (3 chữ số đầu) không tồn tại').count()).toBe(1);
    await fillApplicant(page);
    await expect.poll(() => page.locator('#applicantId-live').textContent()).toBe('');
    await page.getByLabel('Tờ khai đăng ký khai sinh', { exact: true }).setInputFiles({ name: 'to-khai.png', mimeType: 'image/png', buffer: toKhai });
    await dropFile(page, 'Giấy chứng sinh', 'chung-sinh.png', chungSinh);
    await expect.poll(() => page.getByText('Đã chọn 1 tệp: chung-sinh.png').count()).toBe(1);
    await screenshot(page, 'reception-form-1366');

    const submitted = Date.now();
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    await page.waitForURL(/\/dossiers\/.+\?received=1/);
    expect(await page.getByText('Đã tiếp nhận hồ sơ').count()).toBe(1);
    await expect.poll(() => page.getByText('Đã số hóa', { exact: true }).count(), { timeout: 90_000, interval: 200 }).toBe(2);
    const doneMs = Date.now() - submitted;
    console.log(`[measure] two-file dossier: submit → both documents shown "Đã số hóa" in ${doneMs} ms`);
    await expectAccessible(page, 'dossier page');
    await screenshot(page, 'dossier-received-1366');

    const code = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const slip = page.getByRole('link', { name: 'In giấy hẹn' });
    expect(await slip.getAttribute('target')).toBe('_blank');
    const [popup] = await Promise.all([page.context().waitForEvent('page'), slip.click()]);
    expect(popup.url()).toContain(`/api/v1/dossiers/${encodeURIComponent(code)}/receipt`);
    const res = await page.request.get((await slip.getAttribute('href'))!); // the same cookie session
    expect(res.headers()['content-type']).toBe('application/pdf');
    slipPdf = Buffer.from(await res.body());
    slipCode = code;
    expect(slipPdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pageProblems(page)).toEqual([]);
  }, 150_000);

  needTools('pdftotext').it('the printed slip names the dossier (pdftotext)', () => {
    expect(slipCode).not.toBe('');
    expect(runTool('pdftotext', ['-', '-'], slipPdf).stdout).toContain(slipCode);
  }); // OCR of two pages on a shared 2-core machine: room beyond the default 60 s

  it('an unreadable upload is said beside the files; what was typed and the chosen files stay', async () => {
    const page = await desk.page({ width: 360, height: 740 });
    await signIn(page, 'reception');
    await openForm(page);
    await fillApplicant(page);
    await page.getByLabel('Tờ khai đăng ký khai sinh', { exact: true }).setInputFiles({ name: 'to-khai.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('this is not a picture') });
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    const message = 'Tệp “to-khai.jpg” (Tờ khai đăng ký khai sinh) không đọc được: không phải ảnh JPEG, PNG, TIFF hay tệp PDF';
    await expect.poll(() => page.locator('#files-error').textContent()).toContain(message);
    expect(await page.locator('.error-summary').textContent()).toContain(message);
    expect(await page.getByLabel('Họ và tên người nộp').inputValue()).toBe('Nguyễn Thị Ánh Tuyết');
    expect(await page.getByLabel('Tờ khai đăng ký khai sinh', { exact: true }).evaluate((i) => (i as unknown as { files: unknown[] }).files.length)).toBe(1);
    expect(await page.evaluate('document.activeElement.className')).toContain('error-summary');
    await expectAccessible(page, 'reception form with an error');
    await screenshot(page, 'reception-error-360');
    expect(pageProblems(page)).toEqual([]);
  });

  it('a broken picture that passes the type check fails alone, said live as "Lỗi: …" beside its document', async () => {
    const page = await desk.page();
    await signIn(page, 'reception');
    await openForm(page);
    await fillApplicant(page);
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]); // a JPEG header, then nothing of a picture
    await page.getByLabel('Tờ khai đăng ký khai sinh', { exact: true }).setInputFiles({ name: 'hong.jpg', mimeType: 'image/jpeg', buffer: broken });
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    await page.waitForURL(/\/dossiers\/.+\?received=1/);
    const state = page.locator('tr', { hasText: 'Tờ khai đăng ký khai sinh' }).locator('[data-doc-state]');
    await expect.poll(() => state.textContent(), { timeout: 60_000, interval: 200 }).toMatch(/^Lỗi: .+/);
    expect(await state.getAttribute('class')).toContain('tag--red');
    expect(pageProblems(page)).toEqual([]);
  });

  it('finds a dossier by applicant name (any case) and by the text of its papers (no tone marks)', async () => {
    // Its own dossier, received through the API, so that this test stands alone.
    const form = await receptionForm({ applicantName: 'Đỗ Thị Hồng Nhung', files: [{ name: 'bien-ban.png', bytes: await renderPage(['Biên bản bàn giao mốc giới']) }] });
    const { code } = (await (await desk.h.post('reception', '/api/v1/dossiers', form)).json()) as { code: string };
    const state = async () => ((await (await desk.h.get('reception', `/api/v1/dossiers/${code}`)).json()) as { documents: { status: string }[] }).documents[0].status;
    await expect.poll(state, { timeout: 60_000, interval: 250 }).toBe('done');

    const page = await desk.page();
    await signIn(page, 'reception');
    await page.getByRole('link', { name: 'Tra cứu hồ sơ' }).click();
    const box = page.getByLabel('Mã hồ sơ, tên người nộp hoặc nội dung giấy tờ');
    await box.fill('đỗ thị HỒNG');
    await page.getByRole('button', { name: 'Tìm' }).click();
    expect(await page.locator('tbody tr').allTextContents()).toEqual([expect.stringContaining(code)]);
    await box.fill('ban giao moc gioi');
    await page.getByRole('button', { name: 'Tìm' }).click();
    await expect.poll(() => page.getByText('bien-ban.png, trang 1').count()).toBe(1);
    await expectAccessible(page, 'find page');
  });

  it('measures the first load of the reception form (cache disabled): bytes and time to interactive', async () => {
    const page = await desk.page();
    await signIn(page, 'reception');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    // Bytes on the wire as the browser counts them (headers included), per finished request.
    let wire = 0;
    let requests = 0;
    cdp.on('Network.loadingFinished', (e) => {
      wire += e.encodedDataLength;
      requests++;
    });
    await page.goto('/reception/new?procedure=1.001193', { waitUntil: 'load' });
    const m = (await page.evaluate(`(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const res = performance.getEntriesByType('resource');
      return { bytes: nav.transferSize + res.reduce((n, r) => n + r.transferSize, 0), files: 1 + res.length,
               interactive: nav.domContentLoadedEventEnd, load: nav.loadEventEnd };
    })()`)) as { bytes: number; files: number; interactive: number; load: number };
    console.log(`[measure] reception form first load: ${wire} bytes on the wire (${m.bytes} bodies) in ${requests} requests, interactive (DOMContentLoaded done, scripts bound) ${Math.round(m.interactive)} ms, load ${Math.round(m.load)} ms`);
    expect(m.files).toBe(4); // the page, app.css, desk.js, reception.js: nothing from elsewhere
    expect(wire).toBeLessThan(80_000);
  });

  it('another role opening the reception form gets the 403 page', async () => {
    const page = await desk.page();
    await signIn(page, 'specialist');
    const res = await page.goto('/reception/new');
    expect(res?.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Không có quyền truy cập');
    await expectAccessible(page, '403 page');
  });
});
