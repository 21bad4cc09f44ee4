/**
 * What the audit trail needs from storage, inside the transaction of the change it records.
 * The hashing and linking stay in audit-log.ts; an adapter only keeps rows.
 */
export interface StoredAuditEntry {
  seq: number;
  at: number;
  actorId: number | null;
  actorName: string | null;
  action: string;
  dossierCode: string | null;
  /** Canonical JSON of the entry's detail (what its hash covers). */
  detail: string;
  prevHash: string;
  hash: string;
}

export interface AuditStore {
  /**
   * The chain's last entry, locked until the transaction ends: no other transaction can append
   * before this one commits or rolls back, so sequence numbers stay gap-free and each entry links
   * to the one really before it. (SQLite: the write lock of BEGIN IMMEDIATE; a server database:
   * a row lock on the chain's head.)
   */
  lockHead(): Promise<{ seq: number; hash: string } | undefined>;
  insert(entry: StoredAuditEntry): Promise<void>;
}

/** Reading the trail back (auditors' checks), outside any change. */
export interface AuditReader {
  /** Every entry, or one dossier's, in sequence order. */
  entries(dossierCode?: string): Promise<StoredAuditEntry[]>;
  /** Up to `limit` entries after `afterSeq`, in order: the whole chain a page at a time. */
  scan(afterSeq: number, limit: number): Promise<StoredAuditEntry[]>;
  /** The seq, hash and link of the entries with these numbers (those that exist). */
  links(seqs: readonly number[]): Promise<{ seq: number; hash: string; prevHash: string }[]>;
  /** The chain's last entry. */
  head(): Promise<{ seq: number; hash: string } | undefined>;
  /** The checkpoints earlier checks recorded (checkpoints.ts), in seq order. */
  checkpoints(): Promise<AuditCheckpoint[]>;
}

/** An entry's seq and the hash a verification found there. */
export interface AuditCheckpoint {
  seq: number;
  hash: string;
}

/** Where a verification records the checkpoints it passed (an existing one is kept as it is). */
export interface AuditCheckpointWriter {
  record(checkpoints: readonly AuditCheckpoint[], at: number): Promise<void>;
}
