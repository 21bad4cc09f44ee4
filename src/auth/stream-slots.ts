import { TooManyRequestsError } from '../shared/errors';

/**
 * Long-lived connections (server-sent event streams) held by signed-in users: capped per user
 * and in total, each tied to the session that opened it, so a logout ends them at once and
 * a stream cannot outlive its session. In memory, per process.
 */
export interface StreamSlotSettings {
  perUser: number;
  total: number;
  /** How often a stream sends a keep-alive and checks that its session is still valid. */
  heartbeatMs: number;
}

export interface StreamSlot {
  readonly ended: boolean;
  /** Called once when the slot is ended from outside (logout); not on release. */
  onEnd(listener: () => void): void;
  /** Gives the slot back; idempotent. Every opened slot must be released, however the stream ends. */
  release(): void;
}

interface Held {
  userId: number;
  session: string;
  ended: boolean;
  listeners: (() => void)[];
}

export class StreamSlots {
  settings: StreamSlotSettings = { perUser: 10, total: 500, heartbeatMs: 15_000 };
  private readonly held = new Set<Held>();

  /** A slot for `userId`'s stream opened with `session` (its token), or 429 beyond the caps. */
  open(userId: number, session: string): StreamSlot {
    if (this.held.size >= this.settings.total) {
      throw new TooManyRequestsError('too_many_streams', `The server has ${this.settings.total} live streams open; try again later`, { limit: this.settings.total }, this.settings.heartbeatMs);
    }
    const mine = [...this.held].filter((h) => h.userId === userId).length;
    if (mine >= this.settings.perUser) {
      throw new TooManyRequestsError('too_many_streams', `At most ${this.settings.perUser} live streams per user; close one first`, { limit: this.settings.perUser }, this.settings.heartbeatMs);
    }
    const h: Held = { userId, session, ended: false, listeners: [] };
    this.held.add(h);
    return {
      get ended() {
        return h.ended;
      },
      onEnd: (listener) => void h.listeners.push(listener),
      release: () => void this.held.delete(h),
    };
  }

  /** Ends every stream of a session (its user logged out). */
  endSession(session: string): void {
    for (const h of this.held) {
      if (h.session !== session || h.ended) continue;
      h.ended = true;
      for (const l of h.listeners.splice(0)) l();
    }
  }

  /** Streams open now. */
  get size(): number {
    return this.held.size;
  }
}
