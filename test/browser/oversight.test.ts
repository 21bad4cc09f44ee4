import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { expectAccessible, haveChromium, pageProblems, screenshot, signIn, startDesk, type Desk } from './desk';
import { auditorVerifies, sealedResult, tamperInsideSignedRange } from './steps';

const hasChromium = haveChromium();

describe.skipIf(!hasChromium)('web desk: auditor screens (chromium)', () => {
  let desk: Desk;
  let sealed: { code: string; pdf: Uint8Array };
  beforeAll(async () => {
    desk = await startDesk({ pki: true, digitise: false });
    sealed = await sealedResult(desk.h);
  });
  afterAll(() => desk?.close());

  it('Xác thực chữ ký: the sealed result shows both signatures green, the chain to the anchor, and the reports download', async () => {
    const page = await desk.page();
    await signIn(page, 'auditor');
    const t0 = performance.now();
    const seen = await auditorVerifies(page, sealed.pdf, `${sealed.code}.pdf`);
    console.info(`[measure] verify a ${sealed.pdf.length}-byte sealed result in the browser (upload → report shown): ${Math.round(performance.now() - t0)} ms`);
    expect(seen.verdict).toBe('Hợp lệ');
    // The sealed result is B-LTA: the archive time-stamp after both signatures has a card of its own.
    expect(seen.signatures).toEqual([
      { heading: 'Chữ ký 1: Nguyễn Văn Hùng', verdict: 'Hợp lệ' },
      { heading: expect.stringMatching(/^Chữ ký 2: /), verdict: 'Hợp lệ' },
      { heading: expect.stringMatching(/^Dấu thời gian tài liệu 3: /), verdict: 'Hợp lệ' },
    ]);
    const leaderCard = page.getByRole('article', { name: /Chữ ký 1/ });
    expect(await leaderCard.getByRole('listitem').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Taicho Dev Root CA')]));
    expect(await leaderCard.textContent()).toMatch(/Mức PAdES\s*B-LTA/);
    await expectAccessible(page, 'verification report');
    await screenshot(page, 'verify-report-1366');
    for (const [label, check] of [
      ['Tải báo cáo PDF', (b: Buffer) => expect(b.subarray(0, 5).toString()).toBe('%PDF-')],
      ['Tải báo cáo JSON', (b: Buffer) => expect(JSON.parse(b.toString()).valid).toBe(true)],
      ['Tải báo cáo HTML', (b: Buffer) => expect(b.toString()).toContain('Báo cáo kiểm tra chữ ký số')],
    ] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: label }).click()]);
      check(readFileSync((await download.path())!));
    }
    expect(pageProblems(page)).toEqual([]);
  });

  it('a copy changed inside the signed range is red, signature by signature, at 360 px', async () => {
    const page = await desk.page({ width: 360, height: 740 });
    await signIn(page, 'auditor');
    const seen = await auditorVerifies(page, tamperInsideSignedRange(sealed.pdf).bytes, 'ban-sua.pdf');
    expect(seen.verdict).toBe('Không hợp lệ');
    expect(seen.signatures.map((s) => s.verdict)).toEqual(['Không hợp lệ', 'Không hợp lệ', 'Không hợp lệ']);
    expect(await page.getByRole('article', { name: /Chữ ký 1/ }).textContent()).toContain('Nội dung đã ký bị thay đổi');
    await expectAccessible(page, 'verification report (tampered)');
    await screenshot(page, 'verify-tampered-360');
  });

  it('works without JavaScript: the plain multipart form', async () => {
    const context = await desk.browser.newContext({ baseURL: desk.url, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await signIn(page, 'auditor');
      const seen = await auditorVerifies(page, sealed.pdf);
      expect(seen.signatures.map((s) => s.verdict)).toEqual(['Hợp lệ', 'Hợp lệ', 'Hợp lệ']);
    } finally {
      await context.close();
    }
  });

  it('the file can be dropped on the form; a file that is not a PDF is said beside the field', async () => {
    const page = await desk.page({ width: 360, height: 740 });
    await signIn(page, 'auditor');
    await page.goto('/verify');
    await expectAccessible(page, 'verification form');
    await screenshot(page, 'verify-form-360');
    // A drop as the browser delivers one: a DataTransfer holding a File.
    await page.evaluate(() => {
      const g = globalThis as unknown as { document: { querySelector(s: string): { dispatchEvent(e: unknown): void } }; DataTransfer: new () => { items: { add(f: unknown): void } }; File: new (b: string[], n: string, o: object) => unknown; DragEvent: new (t: string, o: object) => unknown };
      const dt = new g.DataTransfer();
      dt.items.add(new g.File(['xin chào, đây không phải PDF'], 'ghi-chu.txt', { type: 'text/plain' }));
      g.document.querySelector('[data-dropzone]').dispatchEvent(new g.DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => page.getByText('Đã chọn: ghi-chu.txt').count()).toBe(1);
    await page.getByRole('button', { name: 'Kiểm tra chữ ký' }).click();
    await expect.poll(() => page.locator('#file-error').textContent()).toContain('Tệp không phải là PDF');
    expect(await page.getByLabel('Tệp PDF cần kiểm tra').getAttribute('aria-invalid')).toBe('true');
    expect(pageProblems(page)).toEqual([]);
  });

  it("a dossier's audit trail is a timeline with the chain check", async () => {
    const page = await desk.page();
    await signIn(page, 'auditor');
    await page.getByRole('link', { name: 'Nhật ký hồ sơ' }).click();
    await page.getByLabel('Mã hồ sơ').fill(sealed.code);
    await page.getByRole('button', { name: 'Xem nhật ký' }).click();
    await page.waitForURL(new RegExp(`/audit/${sealed.code}$`));
    expect(await page.getByRole('status').textContent()).toContain('Chuỗi nhật ký toàn vẹn');
    const steps = await page.getByRole('list', { name: /Các mục nhật ký/ }).getByRole('heading').allTextContents();
    // Oldest first: the life of the dossier in order.
    const order = ['Tiếp nhận hồ sơ', 'Thẩm định: chấp nhận', 'Phê duyệt (lãnh đạo ký)', 'Đóng dấu (văn thư)'].map((t) => steps.indexOf(t));
    expect(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1])), steps.join(' | ')).toBe(true);
    expect(steps).toContain('Ký số: con dấu của cơ quan');
    await expectAccessible(page, 'audit timeline');
    await screenshot(page, 'audit-timeline-1366');
    await Promise.all([page.waitForURL(/\/verify\/reports\//), page.getByRole('link', { name: 'Xác thực chữ ký của văn bản kết quả' }).click()]);
    expect((await page.getByRole('article').locator('p .verdict').allTextContents()).map((t) => t.trim())).toEqual(['Hợp lệ', 'Hợp lệ', 'Hợp lệ']);
    await page.goto('/audit/000.00.06.H56-990101-9999');
    expect(await page.locator('#code-error').textContent()).toContain('Không có hồ sơ mã');
    // An entry edited in the database: the timeline says where the chain breaks.
    const sqlite = desk.h.storage.handle.sqlite;
    const victim = sqlite.prepare("select seq, detail from audit_log where dossier_code = ? and action = 'dossier.transition' order by seq limit 1").get(sealed.code) as { seq: number; detail: string };
    sqlite.prepare('update audit_log set detail = ? where seq = ?').run(victim.detail.replace('Đủ điều kiện', 'Không đủ'), victim.seq);
    try {
      const phone = await desk.page({ width: 360, height: 740 });
      await signIn(phone, 'auditor');
      await phone.goto(`/audit/${sealed.code}`);
      expect(await phone.getByRole('alert').textContent()).toContain(`Chuỗi nhật ký bị phá vỡ tại mục #${victim.seq}: nội dung đã bị sửa`);
      await expectAccessible(phone, 'audit timeline (broken chain)');
      await screenshot(phone, 'audit-broken-360');
    } finally {
      sqlite.prepare('update audit_log set detail = ? where seq = ?').run(victim.detail, victim.seq);
    }
  });

  it('the statistics are SVG charts with a title, a description and their numbers in a table', async () => {
    for (const width of [1366, 360]) {
      const page = await desk.page({ width, height: 800 });
      await signIn(page, 'auditor');
      await page.getByRole('link', { name: 'Thống kê' }).click();
      const charts = page.getByRole('img');
      expect(await charts.count()).toBe(4);
      expect(await charts.first().getAttribute('aria-labelledby')).toMatch(/chart-channel-title chart-channel-desc/);
      const channel = page.getByRole('table', { name: 'Hồ sơ tiếp nhận theo hình thức nộp' });
      expect(await channel.getByRole('row', { name: /Trực tiếp/ }).textContent()).toMatch(/Trực tiếp\s*1$/);
      const timeliness = page.getByRole('table', { name: 'Hồ sơ đã giải quyết theo thời hạn' });
      expect((await timeliness.getByRole('cell').allTextContents()).reduce((a, b) => a + Number(b), 0)).toBe(1);
      await expectAccessible(page, `statistics at ${width}`);
      await screenshot(page, `stats-${width}`);
      expect(pageProblems(page)).toEqual([]);
    }
    const page = await desk.page();
    await signIn(page, 'auditor');
    expect((await page.goto('/stats?from=hôm-qua'))?.status()).toBe(400);
    expect(await page.locator('#from-error').textContent()).toContain('nhập ngày theo lịch');
    expect((await page.goto('/stats?from=2026-11-20&to=2026-11-01'))?.status()).toBe(400);
    expect(await page.locator('#to-error').textContent()).toContain('phải sau');
  });
});

describe.skipIf(!hasChromium)('web desk: admin screens (chromium)', () => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await startDesk({ digitise: false });
  });
  afterAll(() => desk?.close());

  it('an admin creates a user (errors beside the fields first), who can then sign in', async () => {
    const page = await desk.page();
    await signIn(page, 'admin');
    await page.getByRole('link', { name: 'Người dùng' }).click();
    await page.getByLabel('Tên đăng nhập').fill('Chuyên Viên!');
    await page.getByLabel('Họ và tên').fill('Đặng Thị Ngọc Ánh');
    await page.getByLabel('Vai trò').selectOption({ label: 'Thẩm định' });
    await page.getByLabel('Mật khẩu ban đầu').fill('ngắn');
    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    // The domain's rules, in its order (the API says the first one too), beside their field.
    expect(await page.locator('#username-error').textContent()).toContain('chữ thường không dấu');
    expect(await page.getByLabel('Họ và tên').inputValue()).toBe('Đặng Thị Ngọc Ánh');
    expect(await page.getByLabel('Vai trò').inputValue()).toBe('specialist');
    await expectAccessible(page, 'users with errors');
    await page.getByLabel('Tên đăng nhập').fill('chuyenvien2');
    await page.getByLabel('Mật khẩu ban đầu').fill('ngắn');
    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    expect(await page.locator('#password-error').textContent()).toContain('ít nhất 8 ký tự');
    await page.getByLabel('Mật khẩu ban đầu').fill('mật-khẩu-dài-đủ');
    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Đã thêm người dùng chuyenvien2');
    expect(await page.getByRole('row', { name: /chuyenvien2/ }).textContent()).toContain('Thẩm định');
    await expectAccessible(page, 'users');
    await screenshot(page, 'admin-users-1366');
    // The same name again is refused beside the field, not a 500.
    await page.getByLabel('Tên đăng nhập').fill('chuyenvien2');
    await page.getByLabel('Họ và tên').fill('Người Khác');
    await page.getByLabel('Mật khẩu ban đầu').fill('mật-khẩu-khác-nữa');
    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    expect(await page.locator('#username-error').textContent()).toContain('đã có người dùng');
    const other = await desk.page({ width: 360, height: 740 });
    await signIn(other, 'chuyenvien2', 'mật-khẩu-dài-đủ');
    expect(await other.locator('header').textContent()).toContain('Đặng Thị Ngọc Ánh');
  });

  it('an admin adds a holiday to the yearly table and removes it; the due-date calendar follows', async () => {
    const page = await desk.page();
    await signIn(page, 'admin');
    await page.getByRole('link', { name: 'Lịch nghỉ' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Lịch nghỉ năm 2026');
    expect(await page.getByRole('row', { name: /02\/09\/2026/ }).textContent()).toContain('Quốc khánh');
    await page.getByLabel('Ngày', { exact: true }).fill('2026-12-24');
    await page.getByLabel('Ngày nghỉ thêm').check();
    await page.getByLabel('Lý do').fill('Nghỉ bù theo quyết định của UBND');
    await page.getByRole('button', { name: 'Thêm vào lịch' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Đã lưu ngày 24/12/2026');
    const overrides = page.getByRole('table', { name: /ngày điều chỉnh/ });
    expect(await overrides.getByRole('row', { name: /24\/12\/2026/ }).textContent()).toContain('Nghỉ bù theo quyết định của UBND');
    const year = (await (await desk.h.get('reception', '/api/v1/calendar/2026')).json()) as { holidays: { date: string }[] };
    expect(year.holidays.map((x) => x.date)).toContain('2026-12-24');
    await expectAccessible(page, 'calendar');
    await screenshot(page, 'admin-calendar-1366');
    await page.getByRole('button', { name: 'Xóa điều chỉnh ngày 24/12/2026' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Đã xóa điều chỉnh ngày 24/12/2026');
    const after = (await (await desk.h.get('reception', '/api/v1/calendar/2026')).json()) as { holidays: { date: string }[] };
    expect(after.holidays.map((x) => x.date)).not.toContain('2026-12-24');
  });

  it('the seal image is shown and replaced by an uploaded PNG; a JPEG is refused beside the field', async () => {
    const page = await desk.page({ width: 360, height: 740 });
    await signIn(page, 'admin');
    await page.goto('/admin/images');
    const label = 'Ảnh mới: Con dấu của cơ quan (PNG nền trong suốt)';
    const jpeg = await sharp({ create: { width: 60, height: 60, channels: 3, background: '#c00' } }).jpeg().toBuffer();
    await page.getByLabel(label).setInputFiles({ name: 'dau.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await page.getByRole('button', { name: 'Tải ảnh lên' }).first().click();
    expect(await page.locator('#image-seal-error').textContent()).toContain('PNG có nền trong suốt');
    const png = await sharp({ create: { width: 80, height: 80, channels: 4, background: { r: 200, g: 0, b: 0, alpha: 0.5 } } }).png().toBuffer();
    await page.getByLabel(label).setInputFiles({ name: 'dau.png', mimeType: 'image/png', buffer: png });
    await page.getByRole('button', { name: 'Tải ảnh lên' }).first().click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Đã cập nhật ảnh con dấu');
    const shown = await page.request.get('/admin/images/seal.png');
    expect(Buffer.compare(await shown.body(), png)).toBe(0);
    expect(await page.getByRole('img', { name: 'Con dấu của cơ quan đang dùng' }).count()).toBe(1);
    await expectAccessible(page, 'images');
    await screenshot(page, 'admin-images-360');
  });

  it('a non-admin gets the 403 page on the admin screens, and a non-auditor on the auditor\'s', async () => {
    const page = await desk.page();
    await signIn(page, 'auditor');
    for (const path of ['/admin/users', '/admin/calendar', '/admin/images', '/admin/images/seal.png']) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(403);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Không có quyền truy cập');
    }
    expect(await page.getByRole('link', { name: 'Người dùng' }).count()).toBe(0);
    const leader = await desk.page();
    await signIn(leader, 'leader');
    expect((await leader.goto('/verify'))?.status()).toBe(403);
    await expectAccessible(leader, '403 page');
  });
});
