import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../client';
import { appendAudit, sqliteAuditReader, sqliteCheckpointWriter } from './audit';
import { canonicalJson } from '../../audit/audit-log';
import { verifyWithCheckpoints } from '../../audit/checkpoints';

const EVERY = 10;
let h: DbHandle;
const check = (full: boolean) => verifyWithCheckpoints(sqliteAuditReader(h.db), sqliteCheckpointWriter(h.db), { full, now: 1, every: EVERY });
const checkpoints = () => h.sqlite.prepare('select seq from audit_checkpoints order by seq').all().map((r) => (r as { seq: number }).seq);
const row = (seq: number) => h.sqlite.prepare('select * from audit_log where seq = ?').get(seq) as Record<string, unknown> & { detail: string; prev_hash: string };

/** What a forger with write access does to hide an edit: re-hash the edited entry and every later one. */
function rewriteFrom(seq: number, detail: object) {
  h.sqlite.prepare('update audit_log set detail = ? where seq = ?').run(canonicalJson(detail), seq);
  const rows = h.sqlite.prepare('select * from audit_log where seq >= ? order by seq').all(seq) as { seq: number; at: number; actor_id: number | null; actor_name: string | null; action: string; dossier_code: string | null; detail: string; prev_hash: string }[];
  let prev = row(seq).prev_hash;
  for (const r of rows) {
    const body = canonicalJson({ seq: r.seq, at: r.at, actorId: r.actor_id, actorName: r.actor_name, action: r.action, dossierCode: r.dossier_code, detail: JSON.parse(r.detail), prevHash: prev });
    const hash = createHash('sha256').update(body).digest('hex');
    h.sqlite.prepare('update audit_log set prev_hash = ?, hash = ? where seq = ?').run(prev, hash, r.seq);
    prev = hash;
  }
}

beforeEach(() => {
  h = openDatabase(':memory:');
  for (let i = 1; i <= 35; i++) appendAudit(h.db, { action: 'settings.changed', detail: { i } }, i);
});
afterEach(() => h.close());

describe('audit checkpoints', () => {
  it('a check records a checkpoint every N entries, and the next one starts from the last', async () => {
    expect(await check(false)).toMatchObject({ chainValid: true, checked: 35, from: 0, checkpoints: 3 });
    expect(checkpoints()).toEqual([10, 20, 30]);
    for (let i = 36; i <= 41; i++) appendAudit(h.db, { action: 'settings.changed', detail: { i } }, i);
    expect(await check(false)).toMatchObject({ chainValid: true, checked: 11, from: 30, checkpoints: 4, head: { seq: 41 } });
    expect(await check(true)).toMatchObject({ chainValid: true, checked: 41, from: 0 });
  });

  it('an edit after the last checkpoint is found by the incremental check', async () => {
    await check(false);
    h.sqlite.prepare('update audit_log set detail = ? where seq = 33').run('{"i":"sửa"}');
    expect(await check(false)).toMatchObject({ chainValid: false, firstBroken: { seq: 33, reason: 'content does not match its hash' } });
  });

  it('a history rewritten and re-hashed before a checkpoint is found, though the chain links up again', async () => {
    await check(false);
    rewriteFrom(15, { i: 'sửa' });
    expect(await check(false)).toMatchObject({ chainValid: false, firstBroken: { seq: 20, reason: expect.stringMatching(/rewritten/) } });
    // A walk alone is fooled (the forger re-linked every entry); the checkpoints are not.
    expect(await check(true)).toMatchObject({ chainValid: false, firstBroken: { seq: 20 } });
  });

  it('an edit before a checkpoint that was not re-hashed is named by the full check', async () => {
    await check(false);
    h.sqlite.prepare('update audit_log set detail = ? where seq = 5').run('{"i":"sửa"}');
    expect(await check(true)).toMatchObject({ chainValid: false, firstBroken: { seq: 5 } });
  });

  it('the checkpoints themselves: a missing or altered one, or a deleted entry under one, is reported', async () => {
    await check(false);
    h.sqlite.prepare('delete from audit_checkpoints where seq = 20').run();
    expect(await check(false)).toMatchObject({ chainValid: false, firstBroken: { seq: 20, reason: expect.stringMatching(/checkpoint at entry 20 is missing/) } });
    h.sqlite.prepare('insert into audit_checkpoints (seq, hash, verified_at) values (20, ?, 1)').run('0'.repeat(64));
    expect(await check(false)).toMatchObject({ chainValid: false, firstBroken: { seq: 20, reason: expect.stringMatching(/rewritten/) } });
  });
});
