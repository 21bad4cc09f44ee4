// CPU time of the whole audit check against the check from the last checkpoint, on 20 000 entries (medians of 7).
import { openDatabase } from '../src/db/client';
import { appendAudit } from '../src/audit/audit-log';
import { verifyWithCheckpoints } from '../src/audit/checkpoints';
const h = openDatabase(':memory:');
h.sqlite.transaction(() => { for (let i = 0; i < 20_000; i++) appendAudit(h.db, { action: 'settings.changed', detail: { i } }, i); })();
const time = (f: () => unknown) => { const t = process.cpuUsage(); f(); const u = process.cpuUsage(t); return (u.user + u.system) / 1000; };
const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];
verifyWithCheckpoints(h.db, { full: true, now: 1 });
const full: number[] = [], inc: number[] = [];
for (let r = 0; r < 7; r++) {
  appendAudit(h.db, { action: 'settings.changed', detail: { r } }, r);
  full.push(time(() => verifyWithCheckpoints(h.db, { full: true, now: 1 })));
  inc.push(time(() => verifyWithCheckpoints(h.db, { full: false, now: 1 })));
}
console.log(`20k entries: full ${median(full).toFixed(1)} ms CPU, from checkpoint ${median(inc).toFixed(1)} ms CPU, ratio ${(median(full) / median(inc)).toFixed(1)}x`);
