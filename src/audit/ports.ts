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
