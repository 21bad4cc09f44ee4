import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { bootstrap } from '../bootstrap';
import { loadConfig } from '../config';
import { ensureDevPki } from '../pki';
import { blobRoot, LocalBlobStore } from './local-blob-store';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** What a put killed between writing and renaming leaves: `<id>.<random>.tmp` beside the blobs. */
function killedWrite(root: string, id: string): string {
  const file = path.join(root, id.slice(0, 2), `${id.slice(2)}.0a1b2c3d4e5f.tmp`);
  writeFileSync(file, 'half a scan');
  return file;
}

// Issue 10 (crash harness): every SIGKILL during a blob write left its temp file for ever (13 after 10 kills).
it('the next start removes the temp files of writes a killed process left, and keeps every blob', async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'taicho-blobs-'));
  const store = new LocalBlobStore(blobRoot(dir));
  const id = await store.put(new TextEncoder().encode('bản quét'));
  const orphan = killedWrite(blobRoot(dir), id);
  const config = loadConfig({ TAICHO_DATA_DIR: dir, TAICHO_LOG_LEVEL: 'silent', TAICHO_OCR_WORKERS: '0', TAICHO_DEMO_PASSWORD: 'mật-khẩu-thử-123', TAICHO_DEMO_PIN: '135790', TAICHO_PKI_DIR: path.join(dir, 'pki'), TAICHO_TRUST_DIR: path.join(dir, 'trust') });
  // An ECDSA PKI made first: the start then only loads it (the RSA default takes ~20 s to make).
  await ensureDevPki({ dir: config.pkiDir, trustDir: config.trustDir, pin: '135790', agency: config.agency, leaders: [{ username: 'leader', fullName: 'Lãnh đạo' }], publicUrl: config.publicUrl, keyAlgorithm: 'ECDSA-P256' });
  const quiet = { info: () => {}, warn: () => {} };
  const services = await bootstrap(config, quiet, () => {});
  await services.close();
  expect(existsSync(orphan)).toBe(false);
  expect(new TextDecoder().decode(await store.get(id))).toBe('bản quét');
  expect(readdirSync(path.join(blobRoot(dir), id.slice(0, 2)))).toEqual([id.slice(2)]);
}, 120_000);
