import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';

/** Issue 14: starting on a port in use says so in one line, before creating users or a PKI. */
const root = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(tmpdir(), 'taicho-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('a port in use: exit 1, one line naming the port, nothing created', async () => {
  const holder = net.createServer();
  const port = await new Promise<number>((resolve) => holder.listen(0, () => resolve((holder.address() as net.AddressInfo).port)));
  try {
    const data = path.join(dir, 'data');
    const env = { ...process.env, PORT: String(port), TAICHO_DATA_DIR: data, TAICHO_PKI_DIR: path.join(dir, 'pki'), TAICHO_TRUST_DIR: path.join(dir, 'trust'), TAICHO_OCR_WORKERS: '0' };
    const r = spawnSync('npm', ['start', '--silent'], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`taicho: port ${port} is already in use (another taicho?); stop it or start with PORT=<another port>`);
    expect(readdirSync(dir)).toEqual([]); // no database, demo users or PKI made before failing
  } finally {
    holder.close();
  }
}, 60_000);
