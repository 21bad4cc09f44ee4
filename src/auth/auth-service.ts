import { createHash, randomBytes } from 'node:crypto';
import type { AuditInput } from '../audit/audit-log';
import { DuplicateKeyError } from '../dossiers/store';
import { ConflictError, ForbiddenError, InvalidInputError, TooManyRequestsError, UnauthenticatedError } from '../shared/errors';
import { AttemptLimiter, InFlight } from './attempt-limiter';
import { hashPassword, verifyPassword } from './passwords';
import type { SessionStore, StoredUser, UserStore } from './ports';
import { isValidUsername, ROLES, type AuthUser, type Role } from './roles';
import { StreamSlots, type StreamSlot } from './stream-slots';

/** Per account: 5 tries a minute. */
const PER_USER = { max: 5, windowMs: 60_000 };
/**
 * Per client (remote address): password spraying tries one password on many accounts, which
 * the per-account count never sees. Generous, as a centre's counters may share one address.
 */
const PER_CLIENT = { max: 20, windowMs: 15 * 60_000 };

/** Users, login and bearer tokens. Tokens are random; only their SHA-256 is stored. */
export class AuthService {
  private readonly byUser: AttemptLimiter;
  private readonly byClient: AttemptLimiter;
  private readonly checking = new InFlight();
  /** Live streams (server-sent events) of signed-in users; a logout ends its session's. */
  readonly streams = new StreamSlots();

  constructor(
    private readonly store: { users: UserStore; sessions: SessionStore },
    private readonly tokenTtlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.byUser = new AttemptLimiter({ ...PER_USER, now });
    this.byClient = new AttemptLimiter({ ...PER_CLIENT, now });
  }

  /** `audit`, when given, is recorded in the transaction that creates the account. */
  async createUser(input: { username: string; password: string; role: Role; displayName: string; title?: string }, audit?: AuditInput): Promise<AuthUser> {
    if (!isValidUsername(input.username)) throw new InvalidInputError('invalid_username', 'username: 3–40 of a-z 0-9 . _ -, starting with a letter or digit');
    if (!ROLES.includes(input.role)) throw new InvalidInputError('invalid_role', `role must be one of ${ROLES.join(', ')}`);
    if (input.password.length < 8) throw new InvalidInputError('weak_password', 'password: at least 8 characters');
    const taken = () => new ConflictError('username_taken', `The username '${input.username}' is already in use`);
    // Said as a conflict before hashing; the store's unique key catches one created meanwhile.
    if (await this.findUser(input.username)) throw taken();
    const passwordHash = await hashPassword(input.password);
    const values = { username: input.username, role: input.role, displayName: input.displayName.normalize('NFC'), title: input.title?.normalize('NFC') ?? null, passwordHash, createdAt: this.now() };
    try {
      return toAuthUser(await this.store.users.insert(values, audit));
    } catch (e) {
      if (e instanceof DuplicateKeyError) throw taken();
      throw e;
    }
  }

  countUsers(): Promise<number> {
    return this.store.users.count();
  }

  async listUsers(): Promise<AuthUser[]> {
    return (await this.store.users.list()).map(toAuthUser);
  }

  async findUser(username: string): Promise<AuthUser | undefined> {
    const row = await this.store.users.byUsername(username);
    return row ? toAuthUser(row) : undefined;
  }

  /**
   * Checks the password and issues a bearer token. Throttled per username and per `client`
   * (an opaque string: the HTTP layer passes the remote address); the attempt is counted
   * before the password is checked, so parallel guesses cannot slip past the lock.
   */
  async login(username: string, password: string, client = 'unknown'): Promise<{ token: string; user: AuthUser; expiresAt: number }> {
    await this.admit(username, client);
    let row: StoredUser | undefined;
    let ok = false;
    try {
      row = await this.store.users.byUsername(username);
      ok = (row ? await verifyPassword(password, row.passwordHash) : await verifyPassword(password, DUMMY_HASH)) && !row?.disabled;
      if (ok) {
        this.byUser.reset(username);
        this.byClient.refund(client); // a success is not spraying; a failure stays counted
      }
    } finally {
      this.checking.end(`user:${username}`);
      this.checking.end(`client:${client}`);
    }
    if (!row || !ok) throw new UnauthenticatedError('bad_credentials', 'Wrong username or password');
    const token = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + this.tokenTtlMs;
    await this.store.sessions.open({ tokenHash: sha256(token), userId: row.id, createdAt: this.now(), expiresAt }, this.now());
    return { token, user: toAuthUser(row), expiresAt };
  }

  /**
   * Resolves a bearer token to its user, or throws UnauthenticatedError. `seenSessions`: the
   * sessions' change count if the caller has read it for this request (`SessionStore.sessionOf`).
   */
  async authenticate(token: string | undefined, seenSessions?: number): Promise<AuthUser> {
    if (!token) throw new UnauthenticatedError('no_token', 'Authorization: Bearer <token> is required');
    const user = (await this.store.sessions.sessionOf(sha256(token), this.now(), seenSessions))?.user;
    if (!user || user.disabled) throw new UnauthenticatedError('bad_token', 'The token is unknown or expired; log in again');
    return toAuthUser(user);
  }

  /**
   * Counts the attempt, or answers 429 (with when to retry) while the account or the client is
   * locked. A lock made only of attempts still being checked is waited out: they may succeed.
   */
  private async admit(username: string, client: string): Promise<void> {
    for (;;) {
      const waitMs = Math.max(this.byUser.lockedFor(username), this.byClient.lockedFor(client));
      if (waitMs <= 0) break;
      const pending = this.checking.settled(`user:${username}`) ?? this.checking.settled(`client:${client}`);
      if (!pending) throw new TooManyRequestsError('login_throttled', `Too many failed logins; try again in ${Math.ceil(waitMs / 1000)} s`, undefined, waitMs);
      await pending;
    }
    this.byUser.take(username);
    this.byClient.take(client);
    this.checking.start(`user:${username}`);
    this.checking.start(`client:${client}`);
  }

  async logout(token: string): Promise<void> {
    await this.store.sessions.close(sha256(token));
    this.streams.endSession(sha256(token));
  }

  /** A slot for a live stream opened with `token` (429 beyond the caps); ended by its logout. */
  openStream(user: AuthUser, token: string): StreamSlot {
    return this.streams.open(user.id, sha256(token));
  }
}

/** Throws ForbiddenError unless the user has one of the roles. */
export function requireRole(user: AuthUser, roles: readonly Role[], action: string): void {
  if (!roles.includes(user.role)) {
    throw new ForbiddenError('forbidden', `Role '${user.role}' may not ${action} (allowed: ${roles.join(', ')})`);
  }
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

// Verifying against a dummy hash when the user does not exist keeps timing the same either way.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

function toAuthUser(row: StoredUser): AuthUser {
  return { id: row.id, username: row.username, displayName: row.displayName, role: row.role, title: row.title };
}
