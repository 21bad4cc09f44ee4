import { describe, expect, it } from 'vitest';
import { AnswerCache, notModified } from './answer-cache';

function cacheAt() {
  const state = { version: 1, now: 1_000 };
  let builds = 0;
  const cache = new AnswerCache({ version: () => state.version, now: () => state.now }, 3);
  const get = (key: string, text = key, validUntil?: number) =>
    cache.get(key, () => {
      builds++;
      return { text, validUntil };
    });
  return { state, cache, get, builds: () => builds };
}

describe('AnswerCache', () => {
  it('builds once per key while the change count stands, and again once it moves', async () => {
    const t = cacheAt();
    await t.get('a');
    await t.get('a');
    expect(t.builds()).toBe(1);
    t.state.version++;
    expect((await t.get('a', 'new')).text).toBe('new');
    expect(t.builds()).toBe(2);
  });

  it('rebuilds an answer past the moment it holds until', async () => {
    const t = cacheAt();
    await t.get('list', 'x', 1_500);
    t.state.now = 1_500;
    await t.get('list');
    expect(t.builds()).toBe(1);
    t.state.now = 1_501;
    await t.get('list');
    expect(t.builds()).toBe(2);
  });

  it('keeps at most its bound, dropping the oldest', async () => {
    const t = cacheAt();
    for (const k of ['a', 'b', 'c', 'd']) await t.get(k);
    expect(t.cache.size).toBe(3);
    await t.get('d');
    await t.get('b');
    expect(t.builds()).toBe(4);
    await t.get('a');
    expect(t.builds()).toBe(5);
  });

  it('encodes the body once and tags it by content, whatever the count', async () => {
    const t = cacheAt();
    const first = await t.get('a', 'Hồ sơ');
    expect(new TextDecoder().decode(first.body)).toBe('Hồ sơ');
    t.state.version++;
    const same = await t.get('a', 'Hồ sơ');
    expect(same.etag).toBe(first.etag);
    t.state.version++;
    expect((await t.get('a', 'Hồ sơ khác')).etag).not.toBe(first.etag);
    expect(notModified(`"x", ${first.etag}`, same)).toBe(true);
    expect(notModified(first.etag.slice(2), same)).toBe(true);
    expect(notModified('"x"', same)).toBe(false);
    expect(notModified(undefined, same)).toBe(false);
  });

  it('does not keep an answer read before a commit that another request saw while it was built', async () => {
    const t = cacheAt();
    let release!: () => void;
    const slow = t.cache.get('a', () => new Promise((r) => (release = () => r({ text: 'old' }))));
    t.state.version++;
    expect((await t.get('a', 'new')).text).toBe('new');
    release();
    expect((await slow).text).toBe('old');
    expect((await t.get('a', 'never built')).text).toBe('new');
  });
});
