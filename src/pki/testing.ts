import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { KeyAlgorithmName } from './crypto';
import { ensureDevPki, type DevPki } from './dev-services';

/**
 * A throw-away PKI for tests (here and in src/signing, src/verify): ECDSA P-256 by default so
 * that it takes milliseconds, in a fresh temp folder, with a known PIN and two leaders.
 * Not for production: it exists so that every test need not repeat the set-up.
 */
export const TEST_PIN = '246810';
export const TEST_AGENCY = { code: '000.00.06.H56', name: 'Ủy ban nhân dân phường Bến Thành' };
export const TEST_LEADERS = [
  { username: 'chutich', fullName: 'Nguyễn Văn Hùng' },
  { username: 'phochutich', fullName: 'Trần Thị Ánh Tuyết' },
];

const scratchDirs: string[] = [];

/** A fresh temp folder, removed by `removeScratch()` (call it in afterAll). */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `taicho-${prefix}-`));
  scratchDirs.push(dir);
  return dir;
}

export function removeScratch(): void {
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export async function createTestPki(o: { keyAlgorithm?: KeyAlgorithmName; now?: Date; publicUrl?: string } = {}): Promise<DevPki> {
  const root = scratchDir('pki');
  return ensureDevPki({
    dir: path.join(root, 'dev'),
    pin: TEST_PIN,
    agency: TEST_AGENCY,
    leaders: TEST_LEADERS,
    publicUrl: o.publicUrl ?? 'http://taicho.test',
    keyAlgorithm: o.keyAlgorithm ?? 'ECDSA-P256',
    now: o.now,
  });
}

