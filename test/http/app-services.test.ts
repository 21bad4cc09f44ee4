import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await makeHarness();
});
afterAll(() => h.close());

describe('the services the HTTP layer is given', () => {
  it('are the concerns of AppServices, with no database handle, deps or configuration on them', () => {
    expect(Object.keys(h.services).sort()).toEqual(
      ['settings', 'auth', 'users', 'procedures', 'dossiers', 'search', 'slips', 'verifier', 'audit', 'stats', 'calendar', 'images', 'archive', 'pki', 'events', 'changes', 'health', 'close', 'digitisation'].sort(),
    );
    expect(Object.keys(h.services.settings).sort()).toEqual(['agency', 'maxFiles', 'maxUploadBytes', 'now']);
    expect(h.services.pki).toBeUndefined(); // no PKI was opened: its endpoints answer 501
  });

  it('answer Promises for what touches storage, and report refusals as rejections', async () => {
    const reception = (await h.storage.auth.findUser('reception'))!;
    const pending = h.services.dossiers.get(reception, '000.00.06.H56-261123-9999');
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).rejects.toMatchObject({ httpStatus: 404 });
  });

  it('GET /audit/verify?from=checkpoint checks from the last checkpoint; another value is 400', async () => {
    await h.get('reception', '/api/v1/auth/me');
    const full = (await (await h.get('auditor', '/api/v1/audit/verify')).json()) as { chainValid: boolean; from: number };
    expect(full).toMatchObject({ chainValid: true, from: 0 });
    const since = await h.get('auditor', '/api/v1/audit/verify?from=checkpoint');
    expect(since.status).toBe(200);
    expect(await since.json()).toMatchObject({ chainValid: true });
    expect((await h.get('auditor', '/api/v1/audit/verify?from=yesterday')).status).toBe(400);
  });
});
