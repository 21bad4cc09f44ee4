import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { images } from '../db/schema';
import { appendAudit } from '../db/sqlite/audit';
import type { ImageRegistry } from '../dossiers/signature-images';

/** The images registry on SQLite (table images); the bytes are in the BlobStore. */
export function createSqliteImageRegistry(db: Db): ImageRegistry {
  return {
    async blobOf(key) {
      return db.select({ blob: images.blob }).from(images).where(eq(images.key, key)).get()?.blob;
    },
    async record(key, image, at, audit) {
      db.transaction(
        (tx) => {
          tx.insert(images)
            .values({ key, ...image, updatedAt: at })
            .onConflictDoUpdate({ target: images.key, set: { ...image, updatedAt: at } })
            .run();
          if (audit) appendAudit(tx, audit, at);
        },
        { behavior: 'immediate' },
      );
    },
  };
}
