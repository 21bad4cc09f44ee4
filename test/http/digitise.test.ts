import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fontBytes } from '../../src/shared/fonts';
import { DIGITISE_JOB } from '../../src/dossiers/digitisation';
import { SqliteQueue } from '../../src/db/sqlite/queue';
import { LINES, fadeAndBlur, renderPage, speckle, turnAndSkew } from '../../src/digitise/testing/fixtures';
import { receptionForm } from '../support/fixtures';
import { makeHarness, type Harness } from '../support/harness';
import { haveTool, runTool } from '../support/tools';

// The real pipeline behind the HTTP API: OCR worker threads, the persistent queue, the runner.
// Pages are small (a few lines at 300 dpi) so each one is about a second of OCR.

const hasPdftotext = haveTool('pdftotext');

interface DocumentView {
  id: string;
  name: string;
  status: string;
  pagesDone: number | null;
  pageCount: number | null;
  error: string | null;
  searchable: boolean;
}

const bytes = async (b: Promise<Buffer> | Buffer) => new Uint8Array(await b);
/** "Thủ tục hành chính …" and "… đóng dấu đỏ lên bản chính.": the page most checks read. */
const proceduresPage = () => bytes(renderPage([LINES[0], LINES[4]]));
const linePage = (i: number) => bytes(renderPage([LINES[i]]));
/** A JPEG header, then garbage: passes the reception's sniffing, cannot be decoded. */
const brokenJpeg = () => Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 4000 }, (_, i) => (i * 37) % 251)]);

async function receive(h: Harness, files: { name: string; bytes: Uint8Array }[]) {
  const res = await h.post('reception', '/api/v1/dossiers', await receptionForm({ files }));
  expect(res.status).toBe(201);
  return (await res.json()) as { code: string; documents: { id: string; name: string; status: string }[] };
}

async function documentsOf(h: Harness, code: string): Promise<DocumentView[]> {
  return ((await (await h.get('specialist', `/api/v1/dossiers/${code}`)).json()) as { documents: DocumentView[] }).documents;
}

/** Polls the dossier over HTTP until none of its documents is queued or processing. */
async function settled(h: Harness, code: string, timeoutMs = 45_000): Promise<DocumentView[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const docs = await documentsOf(h, code);
    if (docs.every((d) => d.status === 'done' || d.status === 'failed')) return docs;
    if (Date.now() > deadline) throw new Error(`still digitising after ${timeoutMs} ms: ${JSON.stringify(docs)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Reads a server-sent event stream one event at a time. */
function eventReader(res: Response) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    async next(timeoutMs = 45_000): Promise<SseEvent> {
      const deadline = Date.now() + timeoutMs;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) < 0) {
        if (Date.now() > deadline) throw new Error('no event in time');
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        buffer += value;
      }
      const lines = buffer.slice(0, end).split('\n');
      buffer = buffer.slice(end + 2);
      const field = (name: string) => lines.find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1).trim();
      return { event: field('event') ?? 'message', data: JSON.parse(field('data') ?? '{}') as Record<string, unknown> };
    },
    close: () => reader.cancel().catch(() => undefined),
  };
}

function pdftotext(pdf: Uint8Array): string {
  const out = runTool('pdftotext', ['-enc', 'UTF-8', '-', '-'], pdf);
  expect(out.status, out.stderr).toBe(0);
  return out.stdout;
}

describe('digitisation over HTTP (the real OCR pipeline)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await makeHarness({ digitise: true });
  });
  afterAll(() => h?.close());

  let code: string;
  let documentId: string;

  it('a received scan ends as a searchable PDF, with its status on the dossier', async () => {
    expect(((await (await h.app.request('/health')).json()) as { capabilities: { digitisation: boolean } }).capabilities.digitisation).toBe(true);
    const received = await receive(h, [{ name: 'Tờ khai.png', bytes: await proceduresPage() }]);
    ({ code } = received);
    documentId = received.documents[0].id;
    expect(received.documents[0].status).toBe('queued');

    const [doc] = await settled(h, code);
    expect(doc).toMatchObject({ id: documentId, status: 'done', pagesDone: 1, pageCount: 1, error: null, searchable: true });

    const res = await h.get('specialist', `/api/v1/dossiers/${code}/documents/${documentId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(new TextDecoder().decode(new Uint8Array(await res.arrayBuffer()).subarray(0, 5))).toBe('%PDF-');
  });

  it.skipIf(!hasPdftotext)('pdftotext reads the words back from the PDF, NFC, with every diacritic', async () => {
    const res = await h.get('leader', `/api/v1/dossiers/${code}/documents/${documentId}`);
    const text = pdftotext(new Uint8Array(await res.arrayBuffer()));
    expect(text).toBe(text.normalize('NFC'));
    for (const word of ['Thủ', 'tục', 'hành', 'chính', 'tiếp', 'nhận', 'thẩm', 'định', 'duyệt', 'đóng', 'dấu']) expect(text).toContain(word);
  });

  it('search finds the page with or without diacritics, with code, document, page and snippet', async () => {
    for (const q of ['thu tuc hanh chinh', 'đóng dấu']) {
      const res = await h.get('clerk', `/api/v1/search?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      const { hits } = (await res.json()) as { hits: { code: string; documentId: string; page: number; snippet: string }[] };
      expect(hits, q).toContainEqual(expect.objectContaining({ code, documentId, page: 1 }));
      const hit = hits.find((x) => x.documentId === documentId)!;
      expect(hit.snippet).toMatch(q.startsWith('thu') ? /«Thủ»/ : /«đóng»/);
    }
  });

  it('a born-digital PDF keeps its own text and is found by search too', async () => {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const font = await doc.embedFont(fontBytes('serif'), { subset: true });
    doc.addPage([420, 200]).drawText('Giấy xác nhận cư trú của ông Trần Quốc Đạt', { x: 30, y: 100, size: 14, font });
    const typed = await receive(h, [{ name: 'xac-nhan.pdf', bytes: await doc.save() }]);
    const [done] = await settled(h, typed.code);
    expect(done).toMatchObject({ status: 'done', pageCount: 1 });
    const { hits } = (await (await h.get('reception', `/api/v1/search?q=${encodeURIComponent('xac nhan cu tru')}`)).json()) as { hits: { code: string }[] };
    expect(hits.map((x) => x.code)).toContain(typed.code);
  });

  it('search is refused to roles that do not handle dossiers', async () => {
    for (const role of ['auditor', 'admin']) {
      const res = await h.get(role, '/api/v1/search?q=thu%20tuc');
      expect(res.status, role).toBe(403);
    }
  });

  it('a broken image fails its own document with a clear error; the others of the dossier finish', async () => {
    const received = await receive(h, [
      { name: 'don-nghieng.png', bytes: await bytes(speckle(await turnAndSkew(await renderPage([LINES[1]]), 90, 2), 0.01)) },
      { name: 'hong.jpg', bytes: brokenJpeg() },
      { name: 'anh-chup.jpg', bytes: await bytes(fadeAndBlur(await renderPage([LINES[2]]))) },
    ]);
    const docs = await settled(h, received.code);
    expect(docs.map((d) => [d.name, d.status])).toEqual([
      ['don-nghieng.png', 'done'],
      ['hong.jpg', 'failed'],
      ['anh-chup.jpg', 'done'],
    ]);
    const broken = docs[1];
    expect(broken.error).toMatch(/^hong\.jpg: cannot decode image/);
    expect(broken.searchable).toBe(false);
    const res = await h.get('specialist', `/api/v1/dossiers/${received.code}/documents/${broken.id}`);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'not_digitised', details: { status: 'failed' } } });
    expect(h.logs).toContainEqual(expect.objectContaining({ msg: 'digitisation failed', obj: expect.objectContaining({ documentId: broken.id }) }));
    // The dossier itself carries on; only the document failed.
    expect(((await (await h.get('specialist', `/api/v1/dossiers/${received.code}`)).json()) as { status: string }).status).toBe('received');

    const { hits } = (await (await h.get('reception', `/api/v1/search?q=${encodeURIComponent('Nguyễn Văn Hưởng')}`)).json()) as { hits: { documentId: string }[] };
    expect(hits.map((x) => x.documentId)).toContain(docs[2].id);
  });

  it('streams the progress of a supplement as server-sent events: processing, pages, done', async () => {
    const { code: c } = await receive(h, [{ name: 'don.png', bytes: await linePage(3) }]);
    await settled(h, c);
    const ask = await h.post('specialist', `/api/v1/dossiers/${c}/appraisal`, { decision: 'supplement', note: 'Thiếu tờ khai', missingItems: ['Tờ khai có chữ ký'] });
    expect(ask.status).toBe(200);

    const stream = await h.get('reception', `/api/v1/dossiers/${c}/events`);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = eventReader(stream);
    try {
      expect((await events.next()).event).toBe('snapshot'); // subscribed from here on
      const form = new FormData();
      form.append('files', new Blob([await linePage(4)]), 'to-khai-bo-sung.png');
      form.set('note', 'Công dân nộp bổ sung');
      const sup = await h.post('reception', `/api/v1/dossiers/${c}/supplement`, form);
      expect(sup.status).toBe(200);
      const added = ((await sup.json()) as { documents: DocumentView[] }).documents.at(-1)!;
      expect(added.name).toBe('to-khai-bo-sung.png');
      const progress: Record<string, unknown>[] = [];
      while (!['done', 'failed'].includes(progress.at(-1)?.status as string)) {
        const e = await events.next();
        if (e.event === 'progress' && e.data.id === added.id) progress.push(e.data);
      }
      expect(progress[0]).toMatchObject({ type: 'document', status: 'processing', pagesDone: 0 });
      expect(progress).toContainEqual(expect.objectContaining({ status: 'processing', pagesDone: 1, pageCount: 1 }));
      expect(progress.at(-1)).toMatchObject({ status: 'done', pagesDone: 1, pageCount: 1, error: null });
    } finally {
      await events.close();
    }
  });

  it('keeps the audit chain whole, with an entry per digitised document', async () => {
    const chain = (await (await h.get('auditor', '/api/v1/audit/verify')).json()) as { chainValid: boolean };
    expect(chain.chainValid).toBe(true);
    const { entries } = (await (await h.get('auditor', `/api/v1/dossiers/${code}/audit`)).json()) as { entries: { action: string; detail: { documentId?: string } }[] };
    expect(entries).toContainEqual(expect.objectContaining({ action: 'document.digitised', detail: expect.objectContaining({ documentId, pages: 1 }) }));
  });
});

describe('restart', () => {
  it('takes again the work a stopped instance left queued or half done', async () => {
    // An instance that runs no OCR (TAICHO_OCR_WORKERS=0): it receives and queues only.
    const first = await makeHarness();
    const received = await receive(first, [
      { name: 'mot.png', bytes: await linePage(0) },
      { name: 'hai.png', bytes: await linePage(4) },
    ]);
    expect(((await (await first.app.request('/health')).json()) as { capabilities: { digitisation: boolean } }).capabilities.digitisation).toBe(false);
    expect((await documentsOf(first, received.code)).map((d) => d.status)).toEqual(['queued', 'queued']);
    const early = await first.get('specialist', `/api/v1/dossiers/${received.code}/documents/${received.documents[0].id}`);
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ error: { code: 'not_digitised', details: { status: 'queued' } } });
    // As if a process had been killed halfway through the first document.
    const { db, sqlite } = first.storage.handle;
    expect(await new SqliteQueue(db).claim([DIGITISE_JOB])).toBeDefined();
    sqlite.prepare("update documents set status = 'processing', pages_done = 0 where id = ?").run(received.documents[0].id);

    const second = await first.restart({ digitise: { threads: 1 } });
    try {
      expect(second.services.digitisation).toMatchObject({ threads: 1, resumed: 1 });
      const docs = await settled(second, received.code);
      expect(docs.map((d) => [d.name, d.status, d.pageCount])).toEqual([
        ['mot.png', 'done', 1],
        ['hai.png', 'done', 1],
      ]);
      const { hits } = (await (await second.get('leader', '/api/v1/search?q=dong%20dau')).json()) as { hits: { documentId: string }[] };
      expect(hits.map((x) => x.documentId)).toEqual([received.documents[1].id]);
      expect(((await (await second.get('auditor', '/api/v1/audit/verify')).json()) as { chainValid: boolean }).chainValid).toBe(true);
    } finally {
      await second.close();
    }
  });
});
