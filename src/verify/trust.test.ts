import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestPki } from './testing/test-pki';
import { loadAnchors, loadCrlDir } from './trust';

/** The trust folder is parsed once per thread and again only when it changes. */
const dir = mkdtempSync(path.join(tmpdir(), 'taicho-trust-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pki = createTestPki(path.join(dir, 'pki'));
const trust = path.join(dir, 'trust');
mkdirSync(trust);

describe('trust folder cache', () => {
  it('reuses the parsed anchors and CRLs while the folder is unchanged', () => {
    writeFileSync(path.join(trust, 'root.der'), pki.rootDer);
    writeFileSync(path.join(trust, 'issuing.crl'), pki.crlDer);
    const first = loadAnchors(trust);
    expect(first).toHaveLength(1);
    expect(loadAnchors(trust)).toBe(first);
    expect(loadCrlDir(trust)).toBe(loadCrlDir(trust));
  });

  it('reads the folder again when a file is added, replaced or touched', () => {
    const before = loadAnchors(trust);
    writeFileSync(path.join(trust, 'other.der'), pki.otherRootDer);
    const added = loadAnchors(trust);
    expect(added).not.toBe(before);
    expect(added.map((c) => c.fingerprint).sort()).toEqual([...before.map((c) => c.fingerprint), ...loadAnchors([pki.otherRootDer]).map((c) => c.fingerprint)].sort());
    const crls = loadCrlDir(trust);
    const later = new Date(Date.now() + 5_000);
    utimesSync(path.join(trust, 'issuing.crl'), later, later);
    expect(loadCrlDir(trust)).not.toBe(crls);
    rmSync(path.join(trust, 'other.der'));
    expect(loadAnchors(trust)).toHaveLength(1);
  });
});
