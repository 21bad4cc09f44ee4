import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { STATUS_LABELS } from '../../src/dossiers/state-machine';
import { receptionForm } from '../support/fixtures';
import { makeHarness, type Harness } from '../support/harness';

/**
 * The citizen's lookup page is rendered from the lookup API's kept JSON answer: a first visit
 * reads the dossier once for both, whichever comes first, and both follow the next change.
 */
let h: Harness;
beforeAll(async () => {
  h = await makeHarness();
});
afterAll(() => h.close());

const receive = async () => ((await (await h.post('reception', '/api/v1/dossiers', await receptionForm())).json()) as { code: string }).code;

it('the page and the API share one read of a dossier, and both show its next change', async () => {
  const reads = vi.spyOn(h.services.dossiers, 'publicGet');
  try {
    const code = await receive();
    expect((await h.app.request(`/api/v1/public/dossiers/${code}`)).status).toBe(200);
    const page = await h.app.request(`/lookup/${code}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(STATUS_LABELS.received);
    expect(reads).toHaveBeenCalledTimes(1);

    expect((await h.post('specialist', `/api/v1/dossiers/${code}/appraisal`, { decision: 'accept' })).status).toBe(200);
    expect(await (await h.app.request(`/lookup/${code}`)).text()).toContain(STATUS_LABELS.appraised);
    expect(((await (await h.app.request(`/api/v1/public/dossiers/${code}`)).json()) as { status: string }).status).toBe('appraised');
    expect(reads).toHaveBeenCalledTimes(2);
  } finally {
    reads.mockRestore();
  }
});

it('an unknown code is still the page’s own 404 and the API’s', async () => {
  const res = await h.app.request('/lookup/khong-co', { headers: { accept: 'text/html' } });
  expect(res.status).toBe(404);
  expect(await res.text()).toContain('Không có hồ sơ mã khong-co');
  expect((await h.app.request('/api/v1/public/dossiers/khong-co')).status).toBe(404);
});
