import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromLocal } from '../../src/shared/time';
import { pngScan, receptionForm } from '../support/fixtures';
import { makeHarness, testClock, type Harness } from '../support/harness';

let h: Harness;
let clock: ReturnType<typeof testClock>;
beforeEach(async () => {
  clock = testClock();
  h = await makeHarness({ clock });
});
afterEach(() => h.close());

async function receive(procedureCode = '2.000575'): Promise<string> {
  const res = await h.post('reception', '/api/v1/dossiers', await receptionForm({ procedureCode }));
  expect(res.status).toBe(201);
  return ((await res.json()) as { code: string }).code;
}
const view = async (code: string) => (await (await h.get('specialist', `/api/v1/dossiers/${code}`)).json()) as Record<string, any>;

describe('appraisal, supplement, refusal, withdrawal', () => {
  it('a supplement request stops the clock until the citizen supplies', async () => {
    const code = await receive(); // 3 working days: Mon 23/11 09:00 → Thu 26/11 09:00
    expect((await view(code)).dueAt).toBe(fromLocal(2026, 11, 26, 9, 0));
    clock.set(fromLocal(2026, 11, 24, 9, 0)); // one working day used
    const req = await h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'supplement', note: 'Thiếu bản sao CCCD', missingItems: ['Bản sao CCCD có chứng thực'] });
    expect(req.status).toBe(200);
    expect((await view(code)).status).toBe('supplement_requested');
    clock.set(fromLocal(2026, 11, 30, 9, 0)); // the citizen comes back the next Monday
    const form = new FormData();
    form.append('files', new Blob([await pngScan('Căn cước công dân')]), 'cccd.png');
    form.set('note', 'Đã bổ sung');
    const sup = await h.post('reception', `/api/v1/dossiers/${code}/supplement`, form);
    expect(sup.status).toBe(200);
    const v = await view(code);
    expect(v.status).toBe('received');
    expect(v.documents).toHaveLength(2);
    // Two working days were left: Mon 30/11 09:00 + 2 days → Wed 02/12 09:00.
    expect(v.dueAt).toBe(fromLocal(2026, 12, 2, 9, 0));
    expect(v.history.map((s: { action: string }) => s.action)).toEqual(['receive', 'request_supplement', 'supplement']);
  });

  // Issue 10 (crash harness): the files were committed before the transition, in a transaction of their own.
  it('a supplement stopped as its transition is recorded keeps none of its files, and can be made again', async () => {
    const code = await receive();
    expect((await h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'supplement', note: 'Thiếu bản sao CCCD', missingItems: ['Bản sao CCCD'] })).status).toBe(200);
    const supplement = async () => {
      const form = new FormData();
      form.append('files', new Blob([await pngScan('Căn cước công dân')]), 'cccd.png');
      return h.post('reception', `/api/v1/dossiers/${code}/supplement`, form);
    };
    // The process "dies" as the supplement's transition is written (SQLite aborts the statement).
    h.storage.handle.sqlite.exec(`CREATE TEMP TRIGGER die BEFORE INSERT ON transitions WHEN NEW.action = 'supplement' BEGIN SELECT RAISE(ABORT, 'killed'); END`);
    await supplement();
    h.storage.handle.sqlite.exec('DROP TRIGGER die');
    let v = await view(code);
    expect(v.status).toBe('supplement_requested');
    expect(v.documents).toHaveLength(1);
    expect((await supplement()).status).toBe(200);
    v = await view(code);
    expect(v.documents).toHaveLength(2);
    expect(v.history.at(-1).data.addedDocuments).toEqual([v.documents[1].id]);
  });

  it('a supplement request must list the missing items', async () => {
    const code = await receive();
    const res = await h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'supplement', note: 'Thiếu' });
    expect(res.status).toBe(400);
    expect((await view(code)).status).toBe('received');
  });

  it('refusal, then return of the dossier with a rating', async () => {
    const code = await receive();
    expect((await h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'reject', note: 'Thửa đất đang có tranh chấp' })).status).toBe(200);
    expect((await view(code)).portalStatus.code).toBe(3);
    const ret = await h.post('reception', `/api/v1/dossiers/${code}/return`, { rating: 4, note: 'Đã nhận lại hồ sơ' });
    expect(ret.status).toBe(200);
    const v = await view(code);
    expect(v).toMatchObject({ status: 'returned', rating: 4 });
    expect(v.portalStatus.code).toBe(10);
  });

  it('withdrawal stops the dossier; nothing can follow', async () => {
    const code = await receive();
    expect((await h.post('reception', `/api/v1/dossiers/${code}/withdraw`, { reason: 'Công dân xin rút hồ sơ' })).status).toBe(200);
    const again = await h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'reject', note: 'x' });
    expect(again.status).toBe(409);
  });

  it('an apology letter sets a new appointment only for an overdue dossier', async () => {
    const code = await receive();
    const newAt = fromLocal(2026, 12, 10, 9, 0);
    const early = await h.post('specialist', `/api/v1/dossiers/${code}/apology`, { reason: 'Cần xác minh thêm', newAppointmentAt: newAt });
    expect(early.status).toBe(409);
    clock.set(fromLocal(2026, 11, 27, 9, 0)); // past Thu 26/11 09:00
    const ok = await h.post('specialist', `/api/v1/dossiers/${code}/apology`, { reason: 'Cần xác minh thêm', newAppointmentAt: newAt });
    expect(ok.status).toBe(200);
    const pub = (await (await h.get(null, `/api/v1/public/dossiers/${code}`)).json()) as { appointmentAt: number; dueAt: number };
    expect(pub.appointmentAt).toBe(newAt);
  });

  it('without a PKI, approval (one step and two steps) answers 503 pki_unavailable and changes nothing', async () => {
    const code = await receive();
    const accepted = await h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'accept', note: 'Đủ điều kiện', result: { title: 'GIẤY PHÉP', body: 'Nội dung.' } });
    expect(accepted.status).toBe(200);
    const auditBefore = ((await (await h.get('auditor', `/api/v1/dossiers/${code}/audit`)).json()) as { entries: unknown[] }).entries.length;
    for (const [url, body] of [[`/api/v1/dossiers/${code}/approval`, { pin: '123456' }], [`/api/v1/dossiers/${code}/approval/prepare`, {}]] as const) {
      const res = await h.post('leader', url, body);
      expect(res.status, url).toBe(503);
      const error = ((await res.json()) as { error: { code: string; message: string } }).error;
      expect(error.code).toBe('pki_unavailable');
      expect(error.message).toBeTruthy();
    }
    expect((await view(code)).status).toBe('appraised');
    const audit = (await (await h.get('auditor', `/api/v1/dossiers/${code}/audit`)).json()) as { entries: { action: string }[]; chainValid: boolean };
    // Reading the dossier above is audited (personal data viewed); nothing else may follow.
    expect(audit.entries.slice(auditBefore).map((e) => e.action)).toEqual(['personal_data.viewed']);
    expect(audit.chainValid).toBe(true);
  });
});

describe('illegal transitions → 409 with the reason', () => {
  it.each([
    ['leader', 'approval', { pin: '1' }],
    ['clerk', 'seal', { pin: '1' }],
    ['reception', 'return', {}],
    ['reception', 'supplement', new FormData()],
  ] as const)('%s %s from received', async (role, action, body) => {
    const code = await receive();
    const res = await h.post(role, `/api/v1/dossiers/${code}/${action}`, body);
    expect(res.status).toBe(409);
    const err = ((await res.json()) as { error: { code: string; message: string } }).error;
    expect(err.code).toBe('illegal_transition');
    expect(err.message).toMatch(/'received'/);
  });

  it('a supplement to a dossier that was not asked for one stores nothing', async () => {
    const code = await receive();
    const form = new FormData();
    form.append('files', new Blob([await pngScan('Thừa')]), 'thua.png');
    expect((await h.post('reception', `/api/v1/dossiers/${code}/supplement`, form)).status).toBe(409);
    expect((await view(code)).documents).toHaveLength(1);
  });

  it('unknown dossier → 404', async () => {
    const res = await h.post('specialist', '/api/v1/dossiers/000.00.06.H56-261123-9999/appraisal', { decision: 'reject', note: 'x' });
    expect(res.status).toBe(404);
  });
});

describe('public lookup', () => {
  it('shows status and due date only — no ID, phone or address', async () => {
    const code = await receive();
    const res = await h.get(null, `/api/v1/public/dossiers/${code}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ code, status: 'received', portalStatus: 2 });
    for (const secret of ['001085012345', '0912345678', 'Hàng Bột', 'Nguyễn Thị']) expect(text).not.toContain(secret);
    const page = await h.get(null, `/lookup/${code}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Đã tiếp nhận');
    for (const secret of ['001085012345', '0912345678', 'Hàng Bột']) expect(html).not.toContain(secret);
    expect((await h.get(null, '/lookup/khong-co')).status).toBe(404);
  });

  it('masks personal data for auditors', async () => {
    const code = await receive();
    const v = (await (await h.get('auditor', `/api/v1/dossiers/${code}`)).json()) as { applicant: { id: string; phone: string } };
    expect(v.applicant.id).toBe('001*******45');
    expect(v.applicant.phone).not.toContain('345678');
  });
});

describe('audit trail', () => {
  it('hash-chains every change and names the first entry broken by a direct edit', async () => {
    const code = await receive();
    await h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'reject', note: 'Không đủ điều kiện' });
    const ok = (await (await h.get('auditor', `/api/v1/dossiers/${code}/audit`)).json()) as { chainValid: boolean; entries: { seq: number; action: string }[] };
    expect(ok.chainValid).toBe(true);
    expect(ok.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['document.uploaded', 'dossier.received', 'personal_data.viewed', 'dossier.transition']));
    const victim = ok.entries.find((e) => e.action === 'dossier.transition')!;
    h.storage.handle.sqlite.prepare('update audit_log set detail = ? where seq = ?').run('{"action":"accept"}', victim.seq);
    const bad = (await (await h.get('auditor', `/api/v1/dossiers/${code}/audit`)).json()) as { chainValid: boolean; firstBroken: { seq: number; reason: string } };
    expect(bad.chainValid).toBe(false);
    expect(bad.firstBroken.seq).toBe(victim.seq);
  });

  it('detects a deleted entry', async () => {
    await receive();
    await receive();
    h.storage.handle.sqlite.prepare('delete from audit_log where seq = 2').run();
    const res = (await (await h.get('auditor', '/api/v1/audit/verify')).json()) as { chainValid: boolean; firstBroken: { seq: number } };
    expect(res).toMatchObject({ chainValid: false, firstBroken: { seq: 3 } });
  });

  // Issue 10 (crash harness): the result's entry was written after the acceptance had committed.
  it("accepting records the result in the trail in the same commit: stopped as that entry is written, nothing of the acceptance stays", async () => {
    const code = await receive();
    // The process "dies" as the result.created entry is written (SQLite aborts the statement).
    h.storage.handle.sqlite.exec("CREATE TEMP TRIGGER die BEFORE INSERT ON audit_log WHEN NEW.action = 'result.created' BEGIN SELECT RAISE(ABORT, 'killed'); END");
    await h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'accept' });
    h.storage.handle.sqlite.exec('DROP TRIGGER die');
    const v = (await (await h.get('specialist', `/api/v1/dossiers/${code}`)).json()) as { status: string; history: unknown[] };
    expect(v.status).toBe('received');
    expect(v.history).toHaveLength(1);
    // Accepted again, the dossier and its trail agree.
    expect((await h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'accept' })).status).toBe(200);
    const trail = (await (await h.get('auditor', `/api/v1/dossiers/${code}/audit`)).json()) as { entries: { action: string }[] };
    expect(trail.entries.filter((e) => e.action === 'result.created')).toHaveLength(1);
  });
});

describe('statistics', () => {
  it('counts receptions by channel, resolutions by timeliness, in progress and overdue', async () => {
    const a = await receive();
    await h.post('reception', '/api/v1/dossiers', await receptionForm({ channel: 'online', procedureCode: '2.000575' }));
    await h.post('specialist', `/api/v1/dossiers/${a}/appraisal`, { decision: 'reject', note: 'Không đủ điều kiện' });
    clock.set(fromLocal(2026, 11, 30, 9, 0)); // the other one is now overdue
    const res = await h.get('leader', '/api/v1/stats?from=2026-11-01&to=2026-11-30');
    expect(res.status).toBe(200);
    const s = (await res.json()) as { total: any; byProcedure: Record<string, any> };
    expect(s.total.received).toEqual({ total: 2, direct: 1, online: 1, post: 0 });
    expect(s.total.resolved).toMatchObject({ total: 1, early: 1 });
    expect(s.total.inProgress).toBe(1);
    expect(s.total.overdue).toBe(1);
    expect(s.byProcedure['2.000575'].received.total).toBe(2);
    // Over time, per day of the window (1–30 November): both received on the 23rd.
    const overTime = (s as unknown as { overTime: { unit: string; points: { period: string; received: number }[] } }).overTime;
    expect(overTime.unit).toBe('day');
    expect(overTime.points).toHaveLength(30);
    expect(overTime.points.filter((p) => p.received)).toEqual([expect.objectContaining({ period: '2026-11-23', received: 2 })]);
    expect((await h.get('leader', '/api/v1/stats?from=2026-12-01&to=2026-11-01')).status).toBe(400);
    // The domain refuses what is not a date (the API's schema does too; the web page calls the domain).
    await expect(h.services.stats.compute('hôm qua')).rejects.toThrow(/Not a date/);
  });
});

describe('calendar administration', () => {
  it('an admin-added holiday moves later due dates', async () => {
    const put = await h.call('admin', 'PUT', '/api/v1/calendar/overrides', { date: '2026-11-24', kind: 'holiday', name: 'Nghỉ theo quyết định của UBND tỉnh' });
    expect(put.status).toBe(200);
    const code = await receive(); // 3 days from Mon 09:00 skipping Tue → Fri 09:00
    expect((await view(code)).dueAt).toBe(fromLocal(2026, 11, 27, 9, 0));
    const year = (await (await h.get('reception', '/api/v1/calendar/2026')).json()) as { holidays: { date: string }[] };
    expect(year.holidays.map((d) => d.date)).toEqual(expect.arrayContaining(['2026-01-01', '2026-02-17', '2026-04-26', '2026-09-02', '2026-11-24']));
    const bad = await h.call('admin', 'PUT', '/api/v1/calendar/overrides', { date: '2026-02-30', kind: 'holiday', name: 'x' });
    expect(bad.status).toBe(400);
  });
});
