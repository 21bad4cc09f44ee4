import type { AuditInput } from '../audit/audit-log';
import type { Role } from './roles';

/** A staff account as stored. */
export interface StoredUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** scrypt$N$r$p$salt$hash */
  passwordHash: string;
  title: string | null;
  disabled: boolean;
  createdAt: number;
}

export type NewUser = Omit<StoredUser, 'id' | 'disabled'>;

/** Staff accounts. */
export interface UserStore {
  list(): Promise<StoredUser[]>;
  byUsername(username: string): Promise<StoredUser | undefined>;
  count(): Promise<number>;
  /** Adds an account; `audit`, when given, is appended in the same transaction. A taken username is a `DuplicateKeyError`. */
  insert(user: NewUser, audit?: AuditInput): Promise<StoredUser>;
}

/** A session found by its token: whose, and its expiry (ms). */
export interface OpenSession {
  user: StoredUser;
  expiresAt: number;
}

/** Signed-in sessions: bearer tokens, kept by their SHA-256 only. */
export interface SessionStore {
  /** Stores a new session and forgets those expired by `now`. */
  open(session: { tokenHash: string; userId: number; createdAt: number; expiresAt: number }, now: number): Promise<void>;
  /**
   * The user of an unexpired session, and until when the session holds. `seen`: the sessions'
   * change count as the caller read it at the start of this request, if it did (one read with
   * the other counts); a store that keeps sessions compares it instead of reading its own.
   */
  sessionOf(tokenHash: string, now: number, seen?: number): Promise<OpenSession | undefined>;
  close(tokenHash: string): Promise<void>;
}
