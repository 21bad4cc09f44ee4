import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { dossiers } from '../../src/db/schema';
import { fromLocal } from '../../src/shared/time';
import { CCCD, jpegScan, pngScan, receptionForm, simplePdf, tiffScan } from '../support/fixtures';
import { makeHarness, testClock, type Harness } from '../support/harness';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

const countDossiers = () => h.storage.handle.db.select().from(dossiers).all().length;
const blobFiles = () => (existsSync(path.join(h.dir, 'blobs')) ? readdirSync(path.join(h.dir, 'blobs'), { recursive: true }).length : 0);

describe('authentication', () => {
  it('logs in and refuses wrong passwords and missing or bad tokens with 401 JSON', async () => {
    const bad = await h.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'reception', password: 'sai-mat-khau' }) });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('bad_credentials');
    expect((await h.get(null, '/api/v1/procedures')).status).toBe(401);
    const forged = await h.app.request('/api/v1/procedures', { headers: { authorization: 'Bearer not-a-token' } });
    expect(forged.status).toBe(401);
    const me = await h.get('leader', '/api/v1/auth/me');
    expect(((await me.json()) as { user: { role: string } }).user.role).toBe('leader');
  });

  it('never stores a password or token in the clear', async () => {
    await h.token('reception');
    const { sqlite } = h.storage.handle;
    const hashes = sqlite.prepare('select password_hash from users').all() as { password_hash: string }[];
    expect(hashes.every((r) => r.password_hash.startsWith('scrypt$'))).toBe(true);
    const tokens = sqlite.prepare('select token_hash from auth_tokens').all() as { token_hash: string }[];
    expect(tokens.map((t) => t.token_hash)).not.toContain(await h.token('reception'));
  });
});

describe('procedures', () => {
  it('lists the seeded catalogue with times, fees and required documents', async () => {
    const res = await h.get('specialist', '/api/v1/procedures');
    const { procedures } = (await res.json()) as { procedures: { code: string; name: string; processingDays: number; requiredDocuments: unknown[] }[] };
    expect(procedures.length).toBeGreaterThanOrEqual(5);
    const names = procedures.map((p) => p.name);
    expect(names).toContain('Đăng ký khai sinh');
    expect(names).toContain('Tách thửa hoặc hợp thửa đất');
    expect(names.some((n) => n.startsWith('Chứng thực bản sao từ bản chính'))).toBe(true);
    expect(procedures.every((p) => p.processingDays > 0 && p.requiredDocuments.length > 0)).toBe(true);
  });
});

describe('POST /api/v1/dossiers', () => {
  it('receives a dossier with JPEG, PNG, TIFF and PDF files, stores them and computes the due date', async () => {
    const form = await receptionForm({
      procedureCode: '1.003004', // tách thửa: 15 working days
      files: [
        { name: 'don-de-nghi.png', bytes: await pngScan() },
        { name: 'giay-chung-nhan.jpg', bytes: await jpegScan() },
        { name: 'ban-ve.tif', bytes: await tiffScan() },
        { name: 'ban-ve.pdf', bytes: await simplePdf() },
      ],
      documents: [{ name: 'Đơn đề nghị tách thửa', kind: 'original' }, { name: 'Giấy chứng nhận QSDĐ', kind: 'original' }, {}, { kind: 'copy', copies: 2 }],
    });
    const res = await h.post('reception', '/api/v1/dossiers', form);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { code: string; status: string; receivedAt: number; dueAt: number; documents: { id: string; name: string; status: string }[] };
    expect(body.code).toBe('000.00.06.H56-261123-0001');
    expect(body.status).toBe('received');
    expect(body.documents.map((d) => d.name)).toEqual(['Đơn đề nghị tách thửa', 'Giấy chứng nhận QSDĐ', 'ban-ve.tif', 'ban-ve.pdf']);
    // Mon 23/11 09:00 + 15 working days (no holidays in between) → Mon 14/12 09:00.
    expect(body.dueAt).toBe(fromLocal(2026, 12, 14, 9, 0));

    const view = (await (await h.get('specialist', `/api/v1/dossiers/${body.code}`)).json()) as Record<string, any>;
    expect(view.applicant).toMatchObject({ name: 'Nguyễn Thị Ánh Tuyết', id: CCCD });
    expect(view.documents.map((d: { mime: string }) => d.mime)).toEqual(['image/png', 'image/jpeg', 'image/tiff', 'application/pdf']);
    expect(view.history[0]).toMatchObject({ action: 'receive', to: 'received', actor: { username: 'reception' } });
    expect(view.portalStatus.code).toBe(2);

    const src = await h.get('specialist', `/api/v1/dossiers/${body.code}/documents/${body.documents[0].id}/source`);
    expect(new Uint8Array(await src.arrayBuffer())).toEqual(await pngScan());
  });

  it('judges files by their content, not their name or header', async () => {
    const res = await h.post('reception', '/api/v1/dossiers', await receptionForm({ files: [{ name: 'scan.pdf', bytes: await pngScan(), type: 'application/pdf' }] }));
    expect(res.status).toBe(201);
    const { code } = (await res.json()) as { code: string };
    const view = (await (await h.get('reception', `/api/v1/dossiers/${code}`)).json()) as { documents: { mime: string }[] };
    expect(view.documents[0].mime).toBe('image/png');
  });

  it('gives unique daily sequence numbers under concurrent receptions', async () => {
    const forms = await Promise.all(Array.from({ length: 12 }, () => receptionForm()));
    const results = await Promise.all(forms.map((f) => h.post('reception', '/api/v1/dossiers', f)));
    const codes = await Promise.all(results.map(async (r) => ((await r.json()) as { code: string }).code));
    expect(new Set(codes).size).toBe(12);
    expect(codes.every((c) => /^000\.00\.06\.H56-261123-\d{4}$/.test(c))).toBe(true);
  });

  it('keeps everything after a crash: a new process sees the dossier and its bytes', async () => {
    const res = await h.post('reception', '/api/v1/dossiers', await receptionForm());
    const { code } = (await res.json()) as { code: string };
    // A second connection (as a restarted process would open) reads the committed state.
    const other = openDatabase(path.join(h.dir, 'taicho.sqlite'));
    const row = other.sqlite.prepare('select d.code, doc.source_blob from dossiers d join documents doc on doc.dossier_code = d.code').get() as { code: string; source_blob: string };
    other.close();
    expect(row.code).toBe(code);
    expect(await h.storage.blobs.get(row.source_blob)).toEqual(await pngScan());
  });

  describe('bad input: a 4xx JSON error and nothing stored', () => {
    const cases: [string, () => Promise<FormData | string>, number, RegExp][] = [
      ['bad CCCD', () => receptionForm({ applicantId: '12345678' }), 400, /applicantId/],
      ['CCCD with an unknown province', () => receptionForm({ applicantId: '003085012345' }), 400, /province/],
      ['bad phone', () => receptionForm({ applicantPhone: '12ab' }), 400, /applicantPhone/],
      ['unknown procedure', () => receptionForm({ procedureCode: '9.999999' }), 400, /9\.999999/],
      ['unknown channel', () => receptionForm({ channel: 'fax' }), 400, /channel/],
      ['non-image file', async () => receptionForm({ files: [{ name: 'virus.pdf', bytes: new TextEncoder().encode('MZ this is an executable') }] }), 415, /virus\.pdf/],
      ['empty file', async () => receptionForm({ files: [{ name: 'trong.png', bytes: new Uint8Array() }] }), 400, /empty/],
      ['no files', async () => receptionForm({ files: [] }), 400, /At least one file/],
      ['bad documents JSON', async () => { const f = await receptionForm(); f.set('documents', '{oops'); return f; }, 400, /documents/],
    ];
    it.each(cases)('%s', async (_name, make, status, message) => {
      const res = await h.post('reception', '/api/v1/dossiers', await make());
      expect(res.status).toBe(status);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.message).toMatch(message);
      expect(countDossiers()).toBe(0);
      expect(blobFiles()).toBe(0);
    });

    it('oversize upload → 413', async () => {
      const small = await makeHarness({ env: { TAICHO_MAX_UPLOAD_BYTES: '2000' } });
      try {
        const big = new Uint8Array(5000);
        big.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
        const res = await small.post('reception', '/api/v1/dossiers', await receptionForm({ files: [{ name: 'lon.png', bytes: big }] }));
        expect(res.status).toBe(413);
        expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/too_large/);
        expect(small.storage.handle.db.select().from(dossiers).all()).toHaveLength(0);
      } finally {
        small.close();
      }
    });

    it('broken multipart → 400', async () => {
      const res = await h.app.request('/api/v1/dossiers', {
        method: 'POST',
        headers: { authorization: `Bearer ${await h.token('reception')}`, 'content-type': 'multipart/form-data; boundary=XYZ' },
        body: '--XYZ\r\nContent-Disposition: form-data; name="procedureCode"\r\n\r\n1.001193\r\n--XYZ\r\nContent-Disposition: form-da',
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/multipart|invalid_input/);
      expect(countDossiers()).toBe(0);
    });

    it('JSON instead of multipart → 400', async () => {
      const res = await h.post('reception', '/api/v1/dossiers', { procedureCode: '1.001193' });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_multipart');
    });
  });

  it('counts from the next working morning when received after hours', async () => {
    const clock = testClock(fromLocal(2026, 11, 27, 17, 30)); // Friday 17:30
    const late = await makeHarness({ clock });
    try {
      const res = await late.post('reception', '/api/v1/dossiers', await receptionForm({ procedureCode: '2.000575' })); // 3 days
      const body = (await res.json()) as { dueAt: number };
      expect(body.dueAt).toBe(fromLocal(2026, 12, 2, 17, 0)); // Mon 07:00 + 3 days → Wed 17:00
    } finally {
      late.close();
    }
  });

  it('reuses a citizen’s earlier digitised document instead of scanning it again', async () => {
    const first = (await (await h.post('reception', '/api/v1/dossiers', await receptionForm())).json()) as { code: string; documents: { id: string; status: string }[] };
    const docId = first.documents[0].id;
    // Still queued (this harness runs no OCR): there is nothing digitised to reuse yet.
    expect(first.documents[0]).toMatchObject({ status: 'queued' });
    const early = await receptionForm({ files: [] });
    early.set('reuseDocumentIds', JSON.stringify([docId]));
    const refused = await h.post('reception', '/api/v1/dossiers', early);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/No digitised document/);
    h.storage.handle.sqlite.prepare("update documents set status = 'done' where id = ?").run(docId);
    const listed = (await (await h.get('reception', `/api/v1/citizens/${CCCD}/documents`)).json()) as { documents: { id: string }[] };
    expect(listed.documents.map((d) => d.id)).toContain(docId);
    const form = await receptionForm({ files: [] });
    form.set('reuseDocumentIds', JSON.stringify([docId]));
    const res = await h.post('reception', '/api/v1/dossiers', form);
    expect(res.status).toBe(201);
    expect(((await res.json()) as { documents: { reusedFrom: string }[] }).documents[0].reusedFrom).toBe(docId);
    // Another citizen cannot reuse it.
    const other = await receptionForm({ files: [], applicantId: '079303000123' });
    other.set('reuseDocumentIds', JSON.stringify([docId]));
    expect((await h.post('reception', '/api/v1/dossiers', other)).status).toBe(400);
  });
});
