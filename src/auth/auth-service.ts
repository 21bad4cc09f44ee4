import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../db/client';
import { authTokens, users } from '../db/schema';
import { ConflictError, ForbiddenError, InvalidInputError, TooManyRequestsError, UnauthenticatedError } from '../shared/errors';
import { hashPassword, verifyPassword } from './passwords';
import { ROLES, type AuthUser, type Role } from './roles';

const MAX_FAILURES = 5;
const LOCK_MS = 60_000;

/** Users, login and bearer tokens. Tokens are random; only their SHA-256 is stored. */
export class AuthService {
  private failures = new Map<string, { count: number; until: number }>();

  constructor(
    private readonly db: Db,
    private readonly tokenTtlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async createUser(input: { username: string; password: string; role: Role; displayName: string; title?: string }): Promise<AuthUser> {
    if (!/^[a-z0-9._-]{3,40}$/.test(input.username)) throw new InvalidInputError('invalid_username', 'username: 3–40 of a-z 0-9 . _ -');
    if (!ROLES.includes(input.role)) throw new InvalidInputError('invalid_role', `role must be one of ${ROLES.join(', ')}`);
    if (input.password.length < 8) throw new InvalidInputError('weak_password', 'password: at least 8 characters');
    // Said as a conflict before the insert: the unique index would otherwise surface as a 500.
    if (this.findUser(input.username)) throw new ConflictError('username_taken', `The username '${input.username}' is already in use`);
    const passwordHash = await hashPassword(input.password);
    const row = this.db
      .insert(users)
      .values({
        username: input.username,
        role: input.role,
        displayName: input.displayName.normalize('NFC'),
        title: input.title?.normalize('NFC') ?? null,
        passwordHash,
        createdAt: this.now(),
      })
      .returning()
      .get();
    return toAuthUser(row);
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

  /** Checks the password (throttled per username) and issues a bearer token. */
  async login(username: string, password: string): Promise<{ token: string; user: AuthUser; expiresAt: number }> {
    const lock = this.failures.get(username);
    if (lock && lock.count >= MAX_FAILURES && lock.until > this.now()) {
      throw new TooManyRequestsError('login_throttled', 'Too many failed logins; try again in a minute');
    }
    const row = this.db.select().from(users).where(eq(users.username, username)).get();
    const ok = row ? await verifyPassword(password, row.passwordHash) : await verifyPassword(password, DUMMY_HASH);
    if (!row || !ok || row.disabled) {
      const count = (lock?.count ?? 0) + 1;
      this.failures.set(username, { count, until: this.now() + LOCK_MS });
      throw new UnauthenticatedError('bad_credentials', 'Wrong username or password');
    }
    this.failures.delete(username);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + this.tokenTtlMs;
    this.db.delete(authTokens).where(lt(authTokens.expiresAt, this.now())).run();
    this.db.insert(authTokens).values({ tokenHash: sha256(token), userId: row.id, createdAt: this.now(), expiresAt }).run();
    return { token, user: toAuthUser(row), expiresAt };
  }

  /** Resolves a bearer token to its user, or throws UnauthenticatedError. */
  authenticate(token: string | undefined): AuthUser {
    if (!token) throw new UnauthenticatedError('no_token', 'Authorization: Bearer <token> is required');
    const row = this.db
      .select({ user: users })
      .from(authTokens)
      .innerJoin(users, eq(users.id, authTokens.userId))
      .where(and(eq(authTokens.tokenHash, sha256(token)), gt(authTokens.expiresAt, this.now())))
      .get();
    if (!row || row.user.disabled) throw new UnauthenticatedError('bad_token', 'The token is unknown or expired; log in again');
    return toAuthUser(row.user);
  }

  logout(token: string): void {
    this.db.delete(authTokens).where(eq(authTokens.tokenHash, sha256(token))).run();
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
