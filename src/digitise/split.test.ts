import { describe, expect, it } from 'vitest';
import { MAX_PAGES } from './limits';
import { splitInput, tiffDirectories } from './split';
import { manyPagesTiff } from './testing/bombs';

describe('splitting a TIFF into pages', () => {
  it('counts the directory chain, stopping at the limit or at a loop', () => {
    expect(tiffDirectories(manyPagesTiff(5), 100)).toBe(5);
    expect(tiffDirectories(manyPagesTiff(1_000), MAX_PAGES + 1)).toBe(MAX_PAGES + 1);
    const looped = Buffer.from(manyPagesTiff(3));
    const last = looped.length - 4; // the last directory's "next" offset points back at the first
    looped.writeUInt32LE(looped.readUInt32LE(4), last);
    expect(tiffDirectories(looped, 100)).toBe(3);
  });

  it('refuses a file of more pages than the cap at once, naming the limit', async () => {
    // CPU time of this process (libvips threads included), not wall time: stable on a busy machine.
    const cpu = process.cpuUsage();
    await expect(splitInput(manyPagesTiff(200_000), 'day.tif')).rejects.toMatchObject({
      code: 'too_many_pages',
      message: `day.tif: more than ${MAX_PAGES} pages; at most ${MAX_PAGES} pages per document (split the file)`,
    });
    const used = process.cpuUsage(cpu);
    expect((used.user + used.system) / 1000).toBeLessThan(1_000); // libvips took ~6 s to count these
    expect(await splitInput(manyPagesTiff(MAX_PAGES), 'ok.tif')).toHaveLength(MAX_PAGES);
  });
});
