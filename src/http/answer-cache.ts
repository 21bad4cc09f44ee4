import type { Context } from 'hono';
import { preparedHeaders, preparedResponse, sendPrepared, type PreparedHeaders } from './security-headers';

const encoder = new TextEncoder();

/**
 * Whole answers (the serialised JSON, the rendered HTML) of the hot reads — the citizen's
 * lookup, the work lists — kept between requests, so a request costs a key and a check rather
 * than queries, row mapping, serialisation and rendering.
 *
 * Never stale: every request first reads the database's change count (src/db/change-counter.ts,
 * bumped by triggers on every commit to what these answers show, from any connection or
 * process); when it moved, everything kept is dropped. An answer that turns with the clock
 * (a dossier becoming overdue) says until when it holds. The key must name everything the
 * answer depends on besides the database: role, filter, page, the citizen's key; never cache
 * what carries a user's name or session (splice the kept part into that user's own frame:
 * `pageAround` in src/web/render.tsx).
 */
export interface Answer {
  /** As built (a page's kept part is spliced into the rest as text). */
  readonly text: string;
  /** UTF-8, encoded on first use (a page's kept part never is). */
  readonly body: Uint8Array;
  /**
   * Weak validator: the body's length and a 53-bit hash of it (not the change count, which a
   * restored database may reuse). Not cryptographic: it only tells one version of one URL's
   * answer from another, and is made on a miss, so it must be cheap.
   */
  readonly etag: string;
  /** The 200's headers: the content type, the validator and the security headers, made once. */
  headers(contentType: string): PreparedHeaders;
}

export interface AnswerSource {
  /** The database's change count (read on every request). */
  version(): number;
  now(): number;
}

class Entry implements Answer {
  private bytes?: Uint8Array;
  private tag?: string;
  private sent?: PreparedHeaders;
  constructor(
    readonly text: string,
    /** Last moment (ms) the answer holds, for those that change with time alone. */
    readonly validUntil: number,
  ) {}
  get body(): Uint8Array {
    return (this.bytes ??= encoder.encode(this.text));
  }
  get etag(): string {
    return (this.tag ??= `W/"${this.text.length.toString(36)}-${hash53(this.text).toString(36)}"`);
  }
  headers(contentType: string): PreparedHeaders {
    if (this.sent?.['content-type'] !== contentType) this.sent = preparedHeaders({ 'content-type': contentType, etag: this.etag });
    return this.sent;
  }
}

/** What a builder gives: the text and, if the answer turns with the clock, until when it holds. */
export interface Built {
  text: string;
  validUntil?: number;
}

export class AnswerCache {
  private readonly entries = new Map<string, Entry>();
  private version = Number.NaN;

  /** `maxEntries`: a bound on memory, as keys include what clients type (codes, pages, keys). */
  constructor(
    private readonly source: AnswerSource,
    private readonly maxEntries = 16_000,
  ) {}

  /**
   * The answer kept under `key` if the database has not changed since, else `build()`'s, kept.
   * `seen`: the change count as the caller read it for this request, if it did (with the
   * sessions' count: src/http/request-counts.ts); else read here.
   */
  async get(key: string, build: () => Built | Promise<Built>, seen?: number): Promise<Answer> {
    // Read before building: a commit landing in between leaves a newer answer under the older
    // count, which the next request then drops (never the reverse).
    const version = seen ?? this.source.version();
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
    }
    const now = this.source.now();
    const kept = this.entries.get(key);
    if (kept && now <= kept.validUntil) return kept;
    const built = await build();
    const entry = new Entry(built.text, built.validUntil ?? Number.POSITIVE_INFINITY);
    // While it was built (reads are async) another request may have seen a newer count: an
    // answer read before that commit must not be kept under it.
    if (this.version !== version) return entry;
    if (!this.entries.has(key) && this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!); // the oldest
    this.entries.set(key, entry);
    return entry;
  }

  /** Answers kept now (for tests and the memory probe). */
  get size(): number {
    return this.entries.size;
  }
}

/** Whether a request's If-None-Match names this answer (weak comparison, as for GET). */
export function notModified(ifNoneMatch: string | undefined, answer: Answer): boolean {
  if (!ifNoneMatch) return false;
  const bare = answer.etag.slice(2);
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag === answer.etag || tag === bare;
  });
}

/** A kept answer as the response: 304 when the client holds it already. */
export function sendAnswer(c: Context, answer: Answer, contentType: string): Response {
  if (notModified(c.req.header('if-none-match'), answer)) return preparedResponse(null, 304, { etag: answer.etag });
  return sendPrepared(answer.body, 200, answer.headers(contentType));
}

export const JSON_TYPE = 'application/json';

/** cyrb53: a fast 53-bit string hash with good spread (public domain, bryc). */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
