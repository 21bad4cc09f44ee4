import { once } from 'node:events';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { receptionForm } from '../support/fixtures';
import { DEMO_PASSWORD, makeHarness, testClock, type Harness } from '../support/harness';

let h: Harness;
let clock: ReturnType<typeof testClock>;
let code: string;
beforeEach(async () => {
  clock = testClock();
  h = await makeHarness({ clock });
  code = ((await (await h.post('reception', '/api/v1/dossiers', await receptionForm())).json()) as { code: string }).code;
});
afterEach(() => h.close());

const open = (token: string) => h.app.request(`/api/v1/dossiers/${code}/events`, { headers: { authorization: `Bearer ${token}` } });
const held = () => ({ listeners: h.events.listenerCount(), slots: h.storage.auth.streams.size });

async function freshToken(username: string): Promise<string> {
  const res = await h.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  return ((await res.json()) as { token: string }).token;
}

/** Reads a stream event by event: `{event, data}`, or undefined once the server ended it. */
function reader(res: Response) {
  const r = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  return {
    async next(): Promise<{ event: string; data: Record<string, unknown> } | undefined> {
      for (let end = text.indexOf('\n\n'); end < 0; end = text.indexOf('\n\n')) {
        const { value, done } = await r.read();
        if (done) return undefined;
        text += value;
      }
      const [block, rest] = [text.slice(0, text.indexOf('\n\n')), text.slice(text.indexOf('\n\n') + 2)];
      text = rest;
      return { event: /^event: (.*)$/m.exec(block)?.[1] ?? 'message', data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? '{}') };
    },
    cancel: () => r.cancel(),
  };
}

async function eventually(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`still held: ${JSON.stringify(held())}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('live streams (server-sent events)', () => {
  it('give back their subscription and slot however the client goes away', async () => {
    for (let round = 0; round < 2; round++) {
      const streams: Promise<void>[] = [];
      for (const username of ['reception', 'specialist', 'leader', 'clerk']) {
        const token = await h.token(username);
        for (let i = 0; i < 9; i++) {
          const res = await open(token);
          expect(res.status).toBe(200);
          if (i % 3 === 0) streams.push(res.body!.cancel()); // gone before the first event was read
          else {
            const events = reader(res);
            streams.push(
              (async () => {
                expect((await events.next())?.event).toBe('snapshot');
                if (i % 3 === 2) {
                  h.events.publish({ type: 'document', dossierCode: code, data: { id: 'x', status: 'processing' } });
                  expect((await events.next())?.event).toBe('progress');
                }
                await events.cancel();
              })(),
            );
          }
        }
      }
      await Promise.all(streams);
      await eventually(() => held().listeners === 0 && held().slots === 0);
    }
  });

  it('give them back when the socket is dropped, before or after the first event', async () => {
    const server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' });
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const token = await h.token('clerk');
    try {
      for (let i = 0; i < 9; i++) {
        const req = request({ host: '127.0.0.1', port, path: `/api/v1/dossiers/${code}/events`, headers: { authorization: `Bearer ${token}` }, agent: false });
        req.on('error', () => undefined); // the hang-up is ours
        req.end();
        if (i % 3 === 0) await new Promise((r) => setTimeout(r, 1)); // before any answer
        else {
          const [res] = (await once(req, 'response')) as [NodeJS.ReadableStream];
          if (i % 3 === 2) await once(res, 'data');
        }
        req.destroy();
      }
      await eventually(() => held().listeners === 0 && held().slots === 0);
    } finally {
      server.close();
    }
  });

  it('are capped per user and in total: 429 beyond', async () => {
    const token = await h.token('reception');
    const mine = [];
    for (let i = 0; i < 10; i++) mine.push(await open(token));
    expect(mine.map((r) => r.status)).toEqual(Array(10).fill(200));
    const eleventh = await open(token);
    expect(eleventh.status).toBe(429);
    expect(((await eleventh.json()) as { error: { code: string } }).error.code).toBe('too_many_streams');
    expect(eleventh.headers.get('retry-after')).toBeTruthy();
    const other = await open(await h.token('specialist'));
    expect(other.status).toBe(200);
    h.storage.auth.streams.settings = { ...h.storage.auth.streams.settings, total: 11 };
    expect((await open(await h.token('clerk'))).status).toBe(429);
    await Promise.all([...mine, other].map((r) => r.body!.cancel()));
    await eventually(() => held().slots === 0);
    expect((await open(await h.token('clerk'))).status).toBe(200);
  });

  it('end at once when their session logs out; other sessions keep theirs', async () => {
    const token = await freshToken('reception');
    const doomed = reader(await open(token));
    const kept = reader(await open(await h.token('reception')));
    expect((await doomed.next())?.event).toBe('snapshot');
    expect((await kept.next())?.event).toBe('snapshot');
    expect((await h.app.request('/api/v1/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect(await doomed.next()).toEqual({ event: 'end', data: { reason: 'logged_out' } });
    expect(await doomed.next()).toBeUndefined();
    await eventually(() => held().slots === 1 && held().listeners === 1);
    h.events.publish({ type: 'document', dossierCode: code, data: { id: 'y', status: 'done' } });
    expect(await kept.next()).toMatchObject({ event: 'progress', data: { id: 'y' } });
    await kept.cancel();
  });

  it('end at the first heartbeat after their session expired', async () => {
    h.storage.auth.streams.settings = { ...h.storage.auth.streams.settings, heartbeatMs: 30 };
    const events = reader(await open(await freshToken('clerk')));
    expect((await events.next())?.event).toBe('snapshot');
    expect((await events.next())?.event).toBe('ping');
    clock.advance(100_001 * 3600_000); // past the harness's token lifetime
    let last;
    while ((last = await events.next())?.event === 'ping');
    expect(last).toEqual({ event: 'end', data: { reason: 'session_expired' } });
    expect(await events.next()).toBeUndefined();
    await eventually(() => held().slots === 0 && held().listeners === 0);
  });
});
