/**
 * Content-addressed storage for uploaded scans, generated PDFs and signed results.
 * A blob's id is the hex SHA-256 of its bytes, so identical content is stored once and
 * a stored blob can be checked against its name at any time.
 */
export interface BlobStore {
  /** Stores bytes durably (flushed to disk before resolving) and returns their id. */
  put(bytes: Uint8Array): Promise<string>;
  /** Returns the bytes, or throws NotFoundError. Verifies the digest on read. */
  get(id: string): Promise<Uint8Array>;
  has(id: string): Promise<boolean>;
}

export const BLOB_ID = /^[0-9a-f]{64}$/;
