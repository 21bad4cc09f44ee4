import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s), env: {}, cwd: process.cwd() } };
}

describe('taicho CLI', () => {
  it('--help lists the commands and exits 0', async () => {
    const t = io();
    expect(await main(['--help'], t.io)).toBe(0);
    expect(t.out.join('')).toMatch(/ocr[\s\S]*pki[\s\S]*sign[\s\S]*verify/);
  });

  it('an unknown command is an error with the usage', async () => {
    const t = io();
    expect(await main(['frobnicate'], t.io)).toBe(1);
    expect(t.err.join('')).toMatch(/unknown command 'frobnicate'/);
  });
});
