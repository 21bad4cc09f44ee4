import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CCCD } from '../support/fixtures';
import { expectAccessible, haveChromium, pageProblems, screenshot, signIn, startDesk, type Desk } from '../browser/desk';
import { appraiseAccept, citizenDownloadsResult, citizenLooksUp, clerkSeals, leaderSignsBatch, printSlip, receiveTwoScans, returnResult, waitUntilDigitised } from './steps';

const hasChromium = haveChromium();

/** The "Done when": a dossier's whole life through the desk, by visible labels (steps in ./steps.ts). */
describe.skipIf(!hasChromium)('the whole life of two dossiers on the web desk (chromium)', () => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await startDesk({ pki: true });
  });
  afterAll(() => desk?.close());

  it('reception → digitised → slip → appraisal → one batch signature for two → seal → return → citizen lookup at 360 px', async () => {
    const reception = await desk.page();
    await signIn(reception, 'reception');
    const codes = [await receiveTwoScans(desk), await receiveTwoScans(desk, 'Trần Văn Bình')];
    for (const code of codes) await waitUntilDigitised(desk, code);
    await printSlip(reception, codes[0]!);

    const specialist = await desk.page();
    await signIn(specialist, 'specialist');
    for (const code of codes) {
      const preview = await appraiseAccept(specialist, code);
      expect(preview.length).toBeGreaterThan(1000);
    }
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

    await returnResult(desk, codes[0]!);
    const citizen = await desk.page({ width: 360, height: 740 });
    await citizenLooksUp(citizen, codes[0]!, 'Đã trả kết quả');
    await citizenLooksUp(citizen, codes[1]!, 'mời nhận kết quả');
    const result = await citizenDownloadsResult(citizen, codes[0]!, CCCD.slice(-4));
    // Two signatures in the file: the leader's approval and the organisation's seal on top.
    expect(Buffer.from(result).toString('latin1').match(/\/Type\s*\/Sig\b/g)?.length).toBe(2);
  }, 300_000); // four scans OCR'd on a shared 2-core machine, two signatures each
});
