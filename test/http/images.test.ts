import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from '../support/harness';

const png = (alpha: number) => sharp({ create: { width: 12, height: 8, channels: 4, background: { r: 200, g: 0, b: 0, alpha } } }).png().toBuffer();
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
let h: Harness | undefined;
afterAll(() => h?.close());

describe('signature and seal images live in the blob store', () => {
  it('an upload is a blob named by its hash, with nothing written beside the data', async () => {
    h = await makeHarness();
    const seal = await png(0.5);
    const res = await h.app.request('/api/v1/agency/seal-image', { method: 'PUT', headers: { authorization: `Bearer ${await h.token('admin')}`, 'content-type': 'image/png' }, body: seal });
    expect(res.status).toBe(200);
    expect(await h.storage.blobs.has(sha256(seal))).toBe(true);
    expect(existsSync(path.join(h.dir, 'images'))).toBe(false);
    expect(await h.services.images.current('seal')).toEqual({ png: new Uint8Array(seal), uploaded: true });
  });

  it("the files an earlier version kept under images/ are moved in at the next start, and drawn as before", async () => {
    const dir = path.join(h!.dir, 'images');
    const [seal, signature] = [await png(0.3), await png(0.7)];
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'seal.png'), seal);
    writeFileSync(path.join(dir, 'signature-leader.png'), signature);
    writeFileSync(path.join(dir, 'seal.png.tmp'), 'half a write'); // not an image of ours: left alone
    h = await h!.restart();
    expect(await h.services.images.current('seal')).toEqual({ png: new Uint8Array(seal), uploaded: true });
    expect(await h.services.images.current('signature', 'leader')).toEqual({ png: new Uint8Array(signature), uploaded: true });
    expect(await h.services.images.current('signature', 'specialist')).toMatchObject({ uploaded: false });
    expect(await h.storage.blobs.has(sha256(signature))).toBe(true);
    expect(existsSync(path.join(dir, 'seal.png'))).toBe(false);
    expect(existsSync(path.join(dir, 'signature-leader.png'))).toBe(false);
    expect(existsSync(path.join(dir, 'seal.png.tmp'))).toBe(true);
  });
});
