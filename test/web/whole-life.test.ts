import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, haveChromium, pageProblems, screenshot, signIn, startDesk, type Desk } from '../browser/desk';
import { auditorVerifies, tamperInsideSignedRange } from '../browser/steps';
import { appraiseAccept, citizenDownloadsResult, citizenLooksUp, clerkSeals, leaderSignsBatch, printSlip, receiveTwoScans, returnResult } from './steps';

const hasChromium = haveChromium();

/** The issue's "Done when": two dossiers' whole life through the desk, every step by visible labels (./steps.ts). */
describe.skipIf(!hasChromium)('the whole life of two dossiers on the web desk (chromium)', () => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await startDesk({ pki: true });
  });
  afterAll(() => desk?.close());

  it('reception (two scans each) → live digitisation → slip → appraisal → one batch signature for two → seal → return → citizen at 360 px → auditor: green, and red for a tampered copy', async () => {
    const reception = await desk.page();
    await signIn(reception, 'reception');
    const first = await receiveTwoScans(reception, 'Nguyễn Thị Ánh Tuyết');
    await printSlip(reception);
    const second = await receiveTwoScans(reception, 'Trần Văn Bình');
    const codes = [first, second];

    const specialist = await desk.page();
    await signIn(specialist, 'specialist');
    for (const code of codes) expect((await appraiseAccept(specialist, code)).length).toBeGreaterThan(1000);
    expect(pageProblems(specialist)).toEqual([]);

    const leader = await desk.page();
    await signIn(leader, 'leader');
    await leaderSignsBatch(leader, codes);
    await expectAccessible(leader, 'batch signing report');
    await screenshot(leader, 'approval-report-1366');
    expect(pageProblems(leader)).toEqual([]);

    const clerk = await desk.page();
    await signIn(clerk, 'clerk');
    await clerkSeals(clerk, codes);
    expect(pageProblems(clerk)).toEqual([]);

    await returnResult(reception, first);
    expect(pageProblems(reception)).toEqual([]);

    const citizen = await desk.page({ width: 360, height: 740 });
    await citizenLooksUp(citizen, first, 'Đã trả kết quả');
    await citizenLooksUp(citizen, second, 'mời nhận kết quả');
    const result = await citizenDownloadsResult(citizen, desk, first, '2345');
    expect(pageProblems(citizen)).toEqual([]);

    const auditor = await desk.page();
    await signIn(auditor, 'auditor');
    const seen = await auditorVerifies(auditor, result);
    expect(seen.verdict).toBe('Hợp lệ');
    // The leader's signature, the organisation's seal, and the archive time-stamp over both (B-LTA).
    expect(seen.signatures.map((s) => s.verdict)).toEqual(['Hợp lệ', 'Hợp lệ', 'Hợp lệ']);
    const tampered = await auditorVerifies(auditor, tamperInsideSignedRange(result).bytes, 'ket-qua-da-sua.pdf');
    expect(tampered.verdict).toBe('Không hợp lệ');
    expect(tampered.signatures.map((s) => s.verdict)).toEqual(['Không hợp lệ', 'Không hợp lệ', 'Không hợp lệ']);
    expect(pageProblems(auditor)).toEqual([]);
  }, 400_000); // four scans OCR'd on a shared 2-core machine, two signatures each
});
