import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestPki } from './testing/test-pki';
import { trustFolder } from './trust-folder';

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
    const first = trustFolder(trust);
    expect(first.anchors).toHaveLength(1);
    expect(first.crls).toHaveLength(1);
    expect(trustFolder(trust)).toBe(first);
  });

  it('reads the folder again when a file is added, replaced or touched', () => {
    const before = trustFolder(trust);
    writeFileSync(path.join(trust, 'other.der'), pki.otherRootDer);
    const added = trustFolder(trust);
    expect(added).not.toBe(before);
    const hex = (ds: Uint8Array[]) => ds.map((d) => Buffer.from(d).toString('hex')).sort();
    expect(hex(added.anchors)).toEqual(hex([...before.anchors, pki.otherRootDer]));
    const later = new Date(Date.now() + 5_000);
    utimesSync(path.join(trust, 'issuing.crl'), later, later);
    expect(trustFolder(trust)).not.toBe(added);
    rmSync(path.join(trust, 'other.der'));
    expect(trustFolder(trust).anchors).toHaveLength(1);
  });

  it('reads PEM files, and takes a missing folder as no anchors', () => {
    writeFileSync(path.join(trust, 'root.pem'), `-----BEGIN CERTIFICATE-----\n${Buffer.from(pki.otherRootDer).toString('base64')}\n-----END CERTIFICATE-----\n`);
    expect(trustFolder(trust).anchors.at(-1)).toEqual(new Uint8Array(pki.otherRootDer));
    rmSync(path.join(trust, 'root.pem'));
    expect(trustFolder(path.join(dir, 'nowhere'))).toEqual({ anchors: [], crls: [] });
  });
});
