import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receptionForm } from '../support/fixtures';
import { expectAccessible, focusedClass, haveChromium, pageProblems, screenshot, signIn, startDesk, type Desk } from './desk';

const hasChromium = haveChromium();

describe.skipIf(!hasChromium)('web desk foundation (chromium)', () => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await startDesk({ digitise: false });
    // Two dossiers for the specialist's queue; the second is overdue once the clock moves on.
    for (let i = 0; i < 2; i++) await desk.h.post('reception', '/api/v1/dossiers', await receptionForm());
  });
  afterAll(() => desk?.close());

  it('a wrong password is said beside the field, the typed username kept, focus on the summary', async () => {
    const page = await desk.page({ width: 360, height: 740 });
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.getByLabel('Tên đăng nhập').fill('reception');
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.getByText('Tên đăng nhập hoặc mật khẩu không đúng').count()).toBeGreaterThan(0);
    expect(await page.getByLabel('Tên đăng nhập').inputValue()).toBe('reception');
    expect(await focusedClass(page)).toContain('error-summary');
    await expectAccessible(page, 'sign-in with an error');
    await screenshot(page, 'sign-in-error-360');
    expect(pageProblems(page)).toEqual([]);
  });

  it('signs in, shows who and which role, the queue oldest due first with Quá hạn, then signs out', async () => {
    const page = await desk.page();
    await signIn(page, 'specialist');
    const header = page.locator('header');
    await expect.poll(() => header.textContent()).toContain('Lê Văn Đức');
    expect(await header.textContent()).toContain('Thẩm định');
    expect(await page.getByRole('row').count()).toBe(3); // header row + 2 dossiers
    desk.h.clock.advance(40 * 86_400_000); // well past the due date
    await page.reload();
    expect(await page.getByText('Quá hạn').count()).toBe(2);
    expect(await page.locator('tbody time').first().textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    await expectAccessible(page, 'home (specialist)');
    await screenshot(page, 'home-specialist-1366');
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL(/\/sign-in/);
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/sign-in'); // the session was revoked, not just forgotten
    expect(pageProblems(page)).toEqual([]);
  });

  it('the session cookie is HttpOnly and SameSite=Strict; pages carry the CSP', async () => {
    const page = await desk.page();
    const res = await page.goto('/sign-in');
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await signIn(page, 'leader');
    const [cookie] = await page.context().cookies();
    expect(cookie).toMatchObject({ name: 'taicho_session', httpOnly: true, sameSite: 'Strict' });
    expect(await page.evaluate('document.cookie')).toBe('');
  });

  it('works from the keyboard: skip link first, then the form by Tab and Enter', async () => {
    const page = await desk.page();
    await page.goto('/sign-in');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Bỏ qua, đến nội dung chính');
    await page.getByLabel('Tên đăng nhập').focus();
    await page.keyboard.type('reception');
    await page.keyboard.press('Tab');
    await page.keyboard.type('mật-khẩu-thử-123');
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.keyboard.press('Enter')]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Việc của tôi');
  });

  it('an unknown page is the Vietnamese 404 page', async () => {
    const page = await desk.page({ width: 360, height: 740 });
    await signIn(page, 'clerk');
    const res = await page.goto('/khong-co-trang-nay');
    expect(res?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Không tìm thấy trang');
    await expectAccessible(page, '404 page');
  });
});
