import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { OpenSession, SessionStore, UserStore } from '../../auth/ports';
import { DuplicateKeyError } from '../../dossiers/store';
import type { Db } from '../client';
import { prepared } from '../prepared';
import { authTokens, users } from '../schema';
import { appendAudit } from './audit';

export function sqliteUserStore(db: Db): UserStore {
  return {
    list: async () => db.select().from(users).all(),
    byUsername: async (username) => db.select().from(users).where(eq(users.username, username)).get(),
    count: async () => db.select({ n: sql<number>`count(*)` }).from(users).get()?.n ?? 0,
    async insert(user, audit) {
      try {
        return db.transaction((tx) => {
          const row = tx.insert(users).values(user).returning().get();
          if (audit) appendAudit(tx, audit, user.createdAt);
          return row;
        });
      } catch (e) {
        if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateKeyError(`username ${user.username}`);
        throw e;
      }
    },
  };
}

export function sqliteSessionStore(db: Db): SessionStore {
  return {
    async open(session, now) {
      db.transaction((tx) => {
        tx.delete(authTokens).where(lt(authTokens.expiresAt, now)).run();
        tx.insert(authTokens).values(session).run();
      });
    },
    async sessionOf(tokenHash, now) {
      // Every authenticated request runs this: prepared once.
      const query = prepared(db, 'auth.token', () =>
        db
          .select({ user: users, expiresAt: authTokens.expiresAt })
          .from(authTokens)
          .innerJoin(users, eq(users.id, authTokens.userId))
          .where(and(eq(authTokens.tokenHash, sql.placeholder('hash')), gt(authTokens.expiresAt, sql.placeholder('now'))))
          .prepare(),
      );
      return query.get({ hash: tokenHash, now }) as OpenSession | undefined;
    },
    close: async (tokenHash) => void db.delete(authTokens).where(eq(authTokens.tokenHash, tokenHash)).run(),
  };
}
