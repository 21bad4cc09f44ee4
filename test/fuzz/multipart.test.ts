import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfToken } from '../../src/web/csrf';
import { pngScan, receptionForm, simplePdf } from '../support/fixtures';
import { DEMO_PASSWORD, makeHarness, type Harness } from '../support/harness';
import { FUZZ_SEED, fuzzRuns, fuzzTimeout, tally } from './config';
import { formBytes, multipartTokens, randomMultipart } from './multipart-bodies';
import { applyAll, mutated } from './mutate';

/**
 * Issue 10, bad input: random and mutated multipart bodies through the real app (`app.request`)
 * to every route that reads a form, the API's and the web desk's. Property: a status below 500
 * (the API's with a JSON error naming the problem), nothing logged as unhandled, and a dossier
 * answered 201 has every one of its files stored.
 */
let h: Harness;
type Target = { name: string; path: () => string; headers: () => Record<string, string> };
let targets: Target[];
let seeds: Uint8Array[];
let seedTypes: string[];

beforeAll(async () => {
  h = await makeHarness();
  const res = await h.post('reception', '/api/v1/dossiers', await receptionForm());
  const { code } = (await res.json()) as { code: string };
  const desk = await deskSession(h, 'reception');
  const bearer = async (user: string) => ({ authorization: `Bearer ${await h.token(user)}` });
  const reception = await bearer('reception');
  const auditor = await bearer('auditor');
  const deskAuditor = await deskSession(h, 'auditor');
  targets = [
    { name: 'API reception', path: () => '/api/v1/dossiers', headers: () => reception },
    { name: 'API supplement', path: () => `/api/v1/dossiers/${code}/supplement`, headers: () => reception },
    { name: 'API verify', path: () => '/api/v1/verify', headers: () => auditor },
    { name: 'desk sign-in', path: () => '/sign-in', headers: () => ({ origin: 'http://localhost' }) },
    { name: 'desk reception', path: () => '/reception/new', headers: () => desk },
    { name: 'desk signed out', path: () => '/reception/new', headers: () => ({ origin: 'http://localhost' }) },
    { name: 'desk verify', path: () => '/verify', headers: () => deskAuditor },
  ];
  const pdf = await simplePdf();
  const forms = [await receptionForm({ files: [{ name: 'a.png', bytes: await pngScan() }, { name: 'b.pdf', bytes: pdf }] })];
  const verifyForm = new FormData();
  verifyForm.append('file', new Blob([pdf]), 'x.pdf');
  forms.push(verifyForm);
  const bodies = await Promise.all(forms.map(formBytes));
  seedTypes = bodies.map((b) => b.contentType);
  const boundary = /boundary=(.*)$/.exec(seedTypes[0])![1];
  seeds = [...bodies.map((b) => b.bytes), ...multipartTokens(boundary)];
});
afterAll(() => h?.close());

/** Headers of a signed-in desk user's form POST: session cookie, same origin, CSRF token. */
async function deskSession(h: Harness, username: string): Promise<Record<string, string>> {
  const signIn = await h.app.request('/sign-in', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' }, body: new URLSearchParams({ username, password: DEMO_PASSWORD }).toString() });
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
  return { cookie, origin: 'http://localhost', 'x-csrf-token': csrfToken(cookie.split('=')[1]) };
}

/** Sends one body to one target and checks the property; returns the status. */
async function send(target: Target, contentType: string, bytes: Uint8Array, referer?: string): Promise<number> {
  const headers: Record<string, string> = { ...target.headers(), 'content-type': contentType };
  if (referer !== undefined) headers.referer = referer;
  const res = await h.app.request(target.path(), { method: 'POST', headers, body: new Uint8Array(bytes) });
  const text = await res.text();
  if (res.status >= 500) h.errors.length = 0;
  expect(res.status, `${target.name}: ${text.slice(0, 300)}`).toBeLessThan(500);
  if (target.path().startsWith('/api/') && res.status >= 400) {
    const body = JSON.parse(text) as { error: { code: string; message: string } };
    expect(typeof body.error.code).toBe('string');
    expect(body.error.message.length).toBeGreaterThan(0);
  }
  // Unhandled errors are logged, not answered: each input must leave none.
  expect(h.errors.splice(0), target.name).toEqual([]);
  if (target.name === 'API reception' && res.status === 201) await filesKept(JSON.parse(text) as { code: string });
  return res.status;
}

/** Every document of a received dossier can be read back as it was uploaded. */
async function filesKept({ code }: { code: string }) {
  const d = (await (await h.get('reception', `/api/v1/dossiers/${code}`)).json()) as { documents: { id: string }[] };
  expect(d.documents.length).toBeGreaterThan(0);
  for (const doc of d.documents) expect((await h.get('reception', `/api/v1/dossiers/${code}/documents/${doc.id}/source`)).status).toBe(200);
}

/** The Referer a signed-out form POST is sent back to: absent, this site's, another's, or not a URL. */
const referer = fc.option(fc.oneof(fc.constantFrom('http://localhost/dossiers/x?y=1', 'https://elsewhere.example/'), fc.string({ maxLength: 40 }).map((s) => s.replace(/[^ -~]/g, ''))), { nil: undefined });

describe('multipart fuzzing (issue 10)', () => {
  const runs = fuzzRuns(300);

  it(`${runs} random multipart bodies over the form routes: never a 500`, { timeout: fuzzTimeout(runs, 30) }, async () => {
    const t = tally('multipart random');
    await fc.assert(
      fc.asyncProperty(randomMultipart, fc.nat(), referer, async ({ contentType, bytes }, which, ref) => {
        const target = targets[which % targets.length];
        t.count(`${target.name} ${await send(target, contentType, bytes, ref)}`);
      }),
      { numRuns: runs, seed: FUZZ_SEED },
    );
    console.log(t.done());
  });

  it(`${runs} mutated valid forms over the form routes: never a 500`, { timeout: fuzzTimeout(runs, 40) }, async () => {
    const t = tally('multipart mutated');
    await fc.assert(
      fc.asyncProperty(mutated(2), fc.nat(), async ({ seed, mutations }, which) => {
        const target = targets[which % targets.length];
        const bytes = applyAll(seeds, seed, mutations);
        t.count(`${target.name} ${await send(target, seedTypes[seed], bytes)}`);
      }),
      { numRuns: runs, seed: FUZZ_SEED + 1 },
    );
    console.log(t.done());
  });
});
