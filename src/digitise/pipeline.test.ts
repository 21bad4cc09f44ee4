import sharp from 'sharp';
import type { Worker } from 'tesseract.js';
import { describe, expect, it, vi } from 'vitest';
import type { PageJob } from './page-job';
import { processPage } from './pipeline';

/** What happened, in order: the pipeline's calls to normalise and to the engine factory. */
const events: string[] = [];
let failNormalise = false;

vi.mock('./normalise', async (importOriginal) => {
  const real = await importOriginal<typeof import('./normalise')>();
  return {
    ...real,
    normalise: async (...args: Parameters<typeof real.normalise>) => {
      if (failNormalise) throw new Error('cannot clean this page');
      const page = await real.normalise(...args);
      events.push('normalised');
      return page;
    },
  };
});

async function pngJob(): Promise<PageJob> {
  const bytes = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#ffffff' } }).png().toBuffer();
  return { source: 'blank.png', input: { type: 'encoded', bytes: new Uint8Array(bytes), page: 0, dpi: 300 } };
}

/** An engine that cannot start: enough to see when it was asked for and what its failure does. */
function brokenEngine(): Promise<Worker> {
  events.push('engine asked');
  return Promise.reject(new Error('engine failed to start'));
}

describe('processPage (one page through the stages)', () => {
  it('asks for the OCR engine before normalising, so its start overlaps the clean-up', async () => {
    events.length = 0;
    failNormalise = false;
    await expect(processPage(await pngJob(), brokenEngine)).rejects.toThrow('engine failed to start');
    expect(events).toEqual(['engine asked', 'normalised']);
  });

  it('a page that fails to normalise fails with that error, the engine start left unawaited', async () => {
    // Without the catch on the pending start, vitest reports an unhandled rejection here.
    events.length = 0;
    failNormalise = true;
    await expect(processPage(await pngJob(), brokenEngine)).rejects.toThrow('cannot clean this page');
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual(['engine asked']);
  });
});
