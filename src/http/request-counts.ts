import type { Answer, AnswerCache, Built } from './answer-cache';

/** Both change counts (src/db/change-counter.ts `changeCounts`). */
export interface Counts {
  readonly changes: number;
  readonly sessions: number;
}

/** What routes ask kept answers of: the app's cache, or its view for one request (`SeenAnswers`). */
export type Answers = Pick<AnswerCache, 'get'>;

/**
 * The change counts of one GET or HEAD request, read together once, on first use (a request
 * that needs neither — health, assets — reads nothing): the session cache and the answer cache
 * each compare their own count with its value, instead of reading it themselves. Each still
 * drops what it keeps only when its own count moves: a sign-out drops no kept answer (none
 * depends on a session), a dossier's change no session.
 *
 * Only for methods that do not write: a request that changes something and then answers from
 * the caches must compare counts read after its change, so it reads them at each use.
 */
export class RequestCounts implements Counts {
  private read?: Counts;
  constructor(private readonly source: () => Counts) {}
  get changes(): number {
    return (this.read ??= this.source()).changes;
  }
  get sessions(): number {
    return (this.read ??= this.source()).sessions;
  }
}

/** The answer cache as one request sees it: compared with the request's own read of the count. */
export class SeenAnswers implements Answers {
  constructor(
    private readonly cache: AnswerCache,
    private readonly counts: Counts,
  ) {}
  get(key: string, build: () => Built | Promise<Built>): Promise<Answer> {
    return this.cache.get(key, build, this.counts.changes);
  }
}

/** Whether a method never writes (its request may share one read of the counts). */
export const readsOnly = (method: string) => method === 'GET' || method === 'HEAD';
