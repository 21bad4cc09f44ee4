/**
 * Summarises a V8 .cpuprofile (from `--cpu-prof`): where the time went, by function (self
 * time) and by source file (self time summed), the top lines of each.
 *
 *   npx tsx bench/load/profile-top.ts FILE.cpuprofile [N]
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

export function summarise(profile: Profile, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fn = new Map<string, number>();
  const file = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const where = url.replace(/^file:\/\/.*?\/(node_modules|src|bench)\//, '$1/');
    fn.set(`${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`, (fn.get(`${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`) ?? 0) + us);
    const f = where.startsWith('node_modules/') ? where.split('/').slice(0, where.split('/')[1]!.startsWith('@') ? 3 : 2).join('/') : where || functionName;
    file.set(f, (file.get(f) ?? 0) + us);
  }
  const table = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`)
      .join('\n');
  return `total ${(total / 1e6).toFixed(1)} s sampled\n\n-- self time by function\n${table(fn)}\n\n-- self time by file or package\n${table(file)}\n\n-- total time (self and callees) of the service's own functions\n${table(inclusive(profile, self))}\n`;
}

/** Time under each function of src/ (callees included), each sample counted once per function. */
function inclusive(profile: Profile, self: Map<number, number>): Map<string, number> {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  for (const [id, us] of self) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { functionName, url, lineNumber } = byId.get(at)!.callFrame;
      if (!url.includes('/src/')) continue;
      const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/src\//, 'src/')}:${lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.set(key, (out.get(key) ?? 0) + us);
    }
  }
  return out;
}

if (process.argv[1]?.endsWith('profile-top.ts')) {
  const [file, n] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-top.ts FILE.cpuprofile [N]');
  process.stdout.write(summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(n ?? 25)));
}
