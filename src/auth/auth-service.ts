import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { prepared } from '../db/prepared';
import { authTokens, users } from '../db/schema';
import { ConflictError, ForbiddenError, InvalidInputError, TooManyRequestsError, UnauthenticatedError } from '../shared/errors';
import { AttemptLimiter, InFlight } from './attempt-limiter';
import { hashPassword, verifyPassword } from './passwords';
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
    private readonly db: Db,
    private readonly tokenTtlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.byUser = new AttemptLimiter({ ...PER_USER, now });
    this.byClient = new AttemptLimiter({ ...PER_CLIENT, now });
  }

  /** `recorded` runs in the insert's transaction (the audit entry of the creation commits with it). */
  async createUser(input: { username: string; password: string; role: Role; displayName: string; title?: string }, recorded?: (tx: DbOrTx, user: AuthUser) => void): Promise<AuthUser> {
    if (!isValidUsername(input.username)) throw new InvalidInputError('invalid_username', 'username: 3–40 of a-z 0-9 . _ -, starting with a letter or digit');
    if (!ROLES.includes(input.role)) throw new InvalidInputError('invalid_role', `role must be one of ${ROLES.join(', ')}`);
    if (input.password.length < 8) throw new InvalidInputError('weak_password', 'password: at least 8 characters');
    // Said as a conflict before the insert: the unique index would otherwise surface as a 500.
    if (this.findUser(input.username)) throw new ConflictError('username_taken', `The username '${input.username}' is already in use`);
    const passwordHash = await hashPassword(input.password);
    const values = { username: input.username, role: input.role, displayName: input.displayName.normalize('NFC'), title: input.title?.normalize('NFC') ?? null, passwordHash, createdAt: this.now() };
    return this.db.transaction((tx) => {
      const user = toAuthUser(tx.insert(users).values(values).returning().get());
      recorded?.(tx, user);
      return user;
    });
  }

  countUsers(): number {
    return this.db.select({ id: users.id }).from(users).all().length;
  }

  listUsers(): AuthUser[] {
    return this.db.select().from(users).all().map(toAuthUser);
  }

  findUser(username: string): AuthUser | undefined {
    const row = this.db.select().from(users).where(eq(users.username, username)).get();
    return row ? toAuthUser(row) : undefined;
  }

  /**
   * Checks the password and issues a bearer token. Throttled per username and per `client`
   * (an opaque string: the HTTP layer passes the remote address); the attempt is counted
   * before the password is checked, so parallel guesses cannot slip past the lock.
   */
  async login(username: string, password: string, client = 'unknown'): Promise<{ token: string; user: AuthUser; expiresAt: number }> {
    await this.admit(username, client);
    let row: typeof users.$inferSelect | undefined;
    let ok = false;
    try {
      row = this.db.select().from(users).where(eq(users.username, username)).get();
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
    this.db.delete(authTokens).where(lt(authTokens.expiresAt, this.now())).run();
    this.db.insert(authTokens).values({ tokenHash: sha256(token), userId: row.id, createdAt: this.now(), expiresAt }).run();
    return { token, user: toAuthUser(row), expiresAt };
  }

  /** Resolves a bearer token to its user, or throws UnauthenticatedError. */
  authenticate(token: string | undefined): AuthUser {
    if (!token) throw new UnauthenticatedError('no_token', 'Authorization: Bearer <token> is required');
    // Every authenticated request runs this: prepared once.
    const query = prepared(this.db, 'auth.token', () =>
      this.db
        .select({ user: users })
        .from(authTokens)
        .innerJoin(users, eq(users.id, authTokens.userId))
        .where(and(eq(authTokens.tokenHash, sql.placeholder('hash')), gt(authTokens.expiresAt, sql.placeholder('now'))))
        .prepare(),
    );
    const row = query.get({ hash: sha256(token), now: this.now() });
    if (!row || row.user.disabled) throw new UnauthenticatedError('bad_token', 'The token is unknown or expired; log in again');
    return toAuthUser(row.user);
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

  logout(token: string): void {
    this.db.delete(authTokens).where(eq(authTokens.tokenHash, sha256(token))).run();
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

function toAuthUser(row: typeof users.$inferSelect): AuthUser {
  return { id: row.id, username: row.username, displayName: row.displayName, role: row.role, title: row.title };
}
