import type { OpenSession, SessionStore } from './ports';

/** The sessions' change count: moved by every commit that ends a session or alters its user, from any writer. */
export interface SessionVersion {
  version(): number;
}

/**
 * Every authenticated request resolves its token to a user. This keeps each token's session
 * between requests, so a request costs a read of the sessions' change count and a map lookup
 * instead of a join; a session is dropped when its token expires, and all are dropped when the
 * count moves (sign-out, revocation, an account disabled or changed — through this store or any
 * other connection), so none outlives its revocation by even one request.
 *
 * Only found sessions are kept: an unknown token is asked again every time (a new sign-in does
 * not move the count, and nothing a guesser sends fills memory).
 */
export class SessionCache implements SessionStore {
  private readonly kept = new Map<string, OpenSession>();
  private seen = Number.NaN;

  /** `maxEntries`: a bound on memory (one entry per signed-in session in use). */
  constructor(
    private readonly store: SessionStore,
    private readonly counter: SessionVersion,
    private readonly maxEntries = 10_000,
  ) {}

  open(session: Parameters<SessionStore['open']>[0], now: number): Promise<void> {
    return this.store.open(session, now);
  }

  async sessionOf(tokenHash: string, now: number, seen?: number): Promise<OpenSession | undefined> {
    // Read before the store (or by the caller at the start of the request): a revocation
    // committed in between leaves an entry under the older count, which the next request drops
    // (never the reverse).
    const version = seen ?? this.counter.version();
    if (version !== this.seen) {
      this.kept.clear();
      this.seen = version;
    }
    const kept = this.kept.get(tokenHash);
    if (kept && now < kept.expiresAt) return kept; // the store's own test: expires_at > now
    const found = await this.store.sessionOf(tokenHash, now);
    if (!found) {
      this.kept.delete(tokenHash);
      return undefined;
    }
    // Another request may have seen a newer count while this one read: keep nothing read before it.
    if (this.seen === version) {
      if (!this.kept.has(tokenHash) && this.kept.size >= this.maxEntries) this.kept.delete(this.kept.keys().next().value!); // the oldest
      this.kept.set(tokenHash, found);
    }
    return found;
  }

  async close(tokenHash: string): Promise<void> {
    // The store's delete moves the count too; dropping it here as well costs nothing.
    this.kept.delete(tokenHash);
    await this.store.close(tokenHash);
  }
}
