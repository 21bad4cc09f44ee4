import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import sharp from 'sharp';
import type { Client } from './client';
import type { Rng } from './rng';

/**
 * What the server acknowledged, kept by the harness (it outlives every kill): each answer that
 * promised something durable is checked against the data after the restart.
 */
export interface Ledger {
  /** 201 receptions: code → the documents and the SHA-256 of each file sent. */
  received: Map<string, { id: string; sha256: string }[]>;
  /** 200 answers to accept/approve/seal/return: the dossier must be at least that far. */
  acked: { code: string; action: 'accept' | 'approve' | 'seal' | 'return' }[];
  /** 201 certified copies. */
  copies: { code: string; documentId: string; copyNumber: string }[];
  /** Answers by operation and status ("approve 200", "receive error"…). */
  answers: Record<string, number>;
}

export const newLedger = (): Ledger => ({ received: new Map(), acked: [], copies: [], answers: {} });

/** A scan-like page: a few lines of Vietnamese text on white, unique per (round, n), so no blob is shared. */
export async function scanPage(label: string, jpeg: boolean): Promise<Uint8Array> {
  const lines = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', `Đơn đề nghị ${label}`, 'Kính gửi: Ủy ban nhân dân phường'];
  const text = lines.map((l, i) => `<text x="24" y="${50 + i * 44}" font-size="26" font-family="Liberation Serif">${l}</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="170"><rect width="100%" height="100%" fill="white"/>${text}</svg>`;
  const img = sharp(Buffer.from(svg));
  return new Uint8Array(await (jpeg ? img.jpeg({ quality: 90 }) : img.png()).toBuffer());
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

interface Ctx {
  client: Client;
  db: Database.Database;
  rng: Rng;
  pin: string;
  ledger: Ledger;
  round: number;
  stopped: () => boolean;
}

const pick = (ctx: Ctx, sql: string, ...args: string[]) => {
  const rows = ctx.db.prepare(sql).all(...args) as Record<string, string>[];
  return rows.length ? rows[Math.floor(ctx.rng() * rows.length)] : undefined;
};

function tally(ctx: Pick<Ctx, 'ledger'>, op: string, status: number | 'error') {
  const key = `${op} ${status}`;
  ctx.ledger.answers[key] = (ctx.ledger.answers[key] ?? 0) + 1;
}

/** Tiếp nhận: 1–3 files, PNG and JPEG. */
async function receive(ctx: Pick<Ctx, 'client' | 'rng' | 'ledger' | 'round'>, n: number): Promise<void> {
  const files = await Promise.all(Array.from({ length: 1 + Math.floor(ctx.rng() * 3) }, (_, k) => scanPage(`số ${ctx.round}-${n}-${k + 1}`, k % 2 === 1)));
  const form = new FormData();
  form.set('procedureCode', '1.001193');
  form.set('applicantName', 'Nguyễn Thị Ánh Tuyết');
  form.set('applicantId', '001085012345');
  form.set('applicantPhone', '0912345678');
  form.set('channel', 'direct');
  files.forEach((f, k) => form.append('files', new Blob([new Uint8Array(f)]), `trang-${k + 1}.${k % 2 ? 'jpg' : 'png'}`));
  const res = await ctx.client.request('reception', 'POST', '/api/v1/dossiers', form);
  tally(ctx, 'receive', res.status);
  if (res.status !== 201) return;
  const body = (await res.json()) as { code: string; documents: { id: string }[] };
  ctx.ledger.received.set(body.code, body.documents.map((d, k) => ({ id: d.id, sha256: sha256(files[k]) })));
}

type Step = { op: 'accept' | 'approve' | 'seal' | 'return'; user: string; from: string; url: (code: string) => string; body: (pin: string) => unknown };
const STEPS: Step[] = [
  { op: 'accept', user: 'specialist', from: 'received', url: (c) => `/api/v1/dossiers/${c}/appraisal`, body: () => ({ decision: 'accept' }) },
  { op: 'approve', user: 'leader', from: 'appraised', url: (c) => `/api/v1/dossiers/${c}/approval`, body: (pin) => ({ pin }) },
  { op: 'seal', user: 'clerk', from: 'approved', url: (c) => `/api/v1/dossiers/${c}/seal`, body: (pin) => ({ pin }) },
  { op: 'return', user: 'reception', from: 'sealed', url: (c) => `/api/v1/dossiers/${c}/return`, body: () => ({ rating: 5 }) },
];

async function advance(ctx: Ctx, step: Step): Promise<void> {
  const row = pick(ctx, 'SELECT code FROM dossiers WHERE status = ?', step.from);
  if (!row) return;
  const res = await ctx.client.request(step.user, 'POST', step.url(row.code), step.body(ctx.pin));
  tally(ctx, step.op, res.status);
  if (res.status === 200) ctx.ledger.acked.push({ code: row.code, action: step.op });
  else await res.body?.cancel();
}

/** Bản sao chứng thực of a digitised document of an open dossier. */
async function certify(ctx: Ctx): Promise<void> {
  const row = pick(ctx, `SELECT d.dossier_code AS code, d.id FROM documents d JOIN dossiers x ON x.code = d.dossier_code WHERE d.status = 'done' AND x.status IN ('received', 'appraised', 'approved')`);
  if (!row) return;
  const res = await ctx.client.request('reception', 'POST', `/api/v1/dossiers/${row.code}/documents/${row.id}/certify`, { pin: ctx.pin });
  tally(ctx, 'certify', res.status);
  if (res.status === 201) ctx.ledger.copies.push({ code: row.code, documentId: row.id, copyNumber: ((await res.json()) as { copyNumber: string }).copyNumber });
  else await res.body?.cancel();
}

/** One actor: its step again and again, a short random pause between, until stopped; a refused connection (the kill) is an answer too. */
async function actor(ctx: Ctx, op: string, step: (n: number) => Promise<void>): Promise<void> {
  for (let n = 1; !ctx.stopped(); n++) {
    try {
      await step(n);
    } catch {
      tally(ctx, op, 'error');
      if (ctx.stopped()) return;
    }
    await new Promise((r) => setTimeout(r, 30 + ctx.rng() * 200));
  }
}

/** Receptions, the four workflow steps and certification, all at once; resolves once every actor has stopped. */
export function runWorkload(ctx: Ctx, receivers: number): Promise<void> {
  return Promise.all([
    ...Array.from({ length: receivers }, (_, r) => actor(ctx, 'receive', (n) => receive(ctx, 1000 * r + n))),
    ...STEPS.map((s) => actor(ctx, s.op, () => advance(ctx, s))),
    // Two counters certifying at once: each copy must still get a number of its own.
    actor(ctx, 'certify', () => certify(ctx)),
    actor(ctx, 'certify', () => certify(ctx)),
  ]).then(() => undefined);
}

/** One dossier the whole way (received, digitised, accepted, approved, sealed, a copy certified), each answer required. */
export async function warmUp(client: Client, pin: string, ledger: Ledger): Promise<void> {
  await receive({ client, rng: () => 0, ledger, round: 0 }, 1); // one file: the rounds send several
  const [code, docs] = [...ledger.received].at(-1)!;
  const expect = async (res: Promise<Response>, status: number, what: string) => {
    const r = await res;
    if (r.status !== status) throw new Error(`warm-up ${what}: ${r.status} ${await r.text()}`);
    return r.json() as Promise<Record<string, unknown>>;
  };
  for (let tries = 0; ; tries++) {
    const view = await expect(client.request('reception', 'GET', `/api/v1/dossiers/${code}`), 200, 'view');
    if ((view.documents as { status: string }[]).every((d) => d.status === 'done')) break;
    if (tries > 600) throw new Error('warm-up: the documents were not digitised within 2 minutes');
    await new Promise((r) => setTimeout(r, 200));
  }
  for (const step of STEPS.slice(0, 3)) {
    await expect(client.request(step.user, 'POST', step.url(code), step.body(pin)), 200, step.op);
    ledger.acked.push({ code, action: step.op });
  }
  const copy = await expect(client.request('reception', 'POST', `/api/v1/dossiers/${code}/documents/${docs[0].id}/certify`, { pin }), 201, 'certify');
  ledger.copies.push({ code, documentId: docs[0].id, copyNumber: copy.copyNumber as string });
}
