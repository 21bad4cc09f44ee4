// CPU time of the whole audit check against the check from the last checkpoint, on 20 000 entries (medians of 7).
import { openDatabase } from '../src/db/client';
import { appendAudit, sqliteAuditReader, sqliteCheckpointWriter } from '../src/db/sqlite/audit';
import { verifyWithCheckpoints } from '../src/audit/checkpoints';
const h = openDatabase(':memory:');
h.sqlite.transaction(() => { for (let i = 0; i < 20_000; i++) appendAudit(h.db, { action: 'settings.changed', detail: { i } }, i); })();
const check = (full: boolean) => verifyWithCheckpoints(sqliteAuditReader(h.db), sqliteCheckpointWriter(h.db), { full, now: 1 });
// The reads are synchronous under their promises (better-sqlite3): the process's CPU time is the check's.
const time = async (f: () => Promise<unknown>) => { const t = process.cpuUsage(); await f(); const u = process.cpuUsage(t); return (u.user + u.system) / 1000; };
const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];
await check(true);
const full: number[] = [], inc: number[] = [];
for (let r = 0; r < 7; r++) {
  appendAudit(h.db, { action: 'settings.changed', detail: { r } }, r);
  full.push(await time(() => check(true)));
  inc.push(await time(() => check(false)));
}
console.log(`20k entries: full ${median(full).toFixed(1)} ms CPU, from checkpoint ${median(inc).toFixed(1)} ms CPU, ratio ${(median(full) / median(inc)).toFixed(1)}x`);
