import { describe, expect, it } from 'vitest';
import type { OpenSession, SessionStore, StoredUser } from './ports';
import { SessionCache } from './session-cache';

const user: StoredUser = { id: 1, username: 'specialist', displayName: 'Trần Văn Bình', role: 'specialist', passwordHash: 'x', title: null, disabled: false, createdAt: 0 };

/** A store that counts its reads; `count` stands for the sessions' change counter. */
function fixture() {
  const sessions = new Map<string, OpenSession>([['a', { user, expiresAt: 1_000 }]]);
  const state = { reads: 0, count: 0 };
  const store: SessionStore = {
    open: async (s) => void sessions.set(s.tokenHash, { user, expiresAt: s.expiresAt }),
    async sessionOf(hash, now) {
      state.reads++;
      const s = sessions.get(hash);
      return s && s.expiresAt > now ? s : undefined;
    },
    close: async (hash) => void sessions.delete(hash),
  };
  const cache = new SessionCache(store, { version: () => state.count }, 2);
  return { cache, sessions, state, store };
}

describe('SessionCache', () => {
  it('reads a session once while the count stays, and again once it moved', async () => {
    const { cache, state } = fixture();
    for (let i = 0; i < 3; i++) expect((await cache.sessionOf('a', 10))?.user).toEqual(user);
    expect(state.reads).toBe(1);
    state.count++;
    await cache.sessionOf('a', 10);
    expect(state.reads).toBe(2);
  });

  it('compares the count the caller read for the request, when given, instead of reading its own', async () => {
    const { store, state } = fixture();
    let counted = 0;
    const own = new SessionCache(store, { version: () => (counted++, state.count) }, 2);
    await own.sessionOf('a', 10, 5);
    await own.sessionOf('a', 10, 5);
    expect(counted).toBe(0);
    expect(state.reads).toBe(1);
    await own.sessionOf('a', 10, 6); // moved: a revocation committed since
    expect(state.reads).toBe(2);
  });

  it('asks the store again once the session expired', async () => {
    const { cache, state } = fixture();
    await cache.sessionOf('a', 998);
    expect(await cache.sessionOf('a', 999)).toBeDefined();
    expect(await cache.sessionOf('a', 1_000)).toBeUndefined();
    expect(state.reads).toBe(2);
  });

  it('keeps no unknown token, and forgets a closed one at once', async () => {
    const { cache, state } = fixture();
    expect(await cache.sessionOf('guess', 10)).toBeUndefined();
    expect(await cache.sessionOf('guess', 10)).toBeUndefined();
    expect(state.reads).toBe(2);
    await cache.sessionOf('a', 10);
    await cache.close('a'); // the count stays put here: the cache alone must forget it
    expect(await cache.sessionOf('a', 10)).toBeUndefined();
  });

  it('holds at most maxEntries sessions, dropping the oldest', async () => {
    const { cache, sessions, state } = fixture();
    for (const h of ['b', 'c']) sessions.set(h, { user, expiresAt: 1_000 });
    for (const h of ['a', 'b', 'c']) await cache.sessionOf(h, 10);
    state.reads = 0;
    await cache.sessionOf('c', 10);
    await cache.sessionOf('a', 10);
    expect(state.reads).toBe(1); // 'a' was dropped for 'c'
  });
});
