/**
 * The database schema, in one file so that drizzle-kit sees every table and generates one
 * ordered chain of migrations (drizzle/). Column comments give the regulation's terms.
 *
 * Times are stored as integer milliseconds since the epoch (UTC); presentation converts to
 * Asia/Ho_Chi_Minh.
 */
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role', { enum: ['reception', 'specialist', 'leader', 'clerk', 'auditor', 'admin'] }).notNull(),
  /** scrypt$N$r$p$salt$hash */
  passwordHash: text('password_hash').notNull(),
  /** Official title printed under a signature (e.g. "Chủ tịch"). */
  title: text('title'),
  disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull(),
});

export const authTokens = sqliteTable('auth_tokens', {
  /** SHA-256 of the bearer token: a stolen database does not yield usable tokens. */
  tokenHash: text('token_hash').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
});

/** Thủ tục hành chính. */
export const procedures = sqliteTable('procedures', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  /** Lĩnh vực (field), e.g. "Đất đai", "Hộ tịch", "Chứng thực". */
  field: text('field').notNull(),
  /** Cấp thực hiện: commune or district. */
  level: text('level', { enum: ['commune', 'district', 'province'] }).notNull(),
  /** Legal processing time in working days (thời hạn giải quyết). */
  processingDays: real('processing_days').notNull(),
  feeVnd: integer('fee_vnd').notNull(),
  feeNote: text('fee_note'),
  /** JSON: [{name, kind: 'original'|'certified_copy'|'copy', count, note?}] (thành phần hồ sơ). */
  requiredDocuments: text('required_documents', { mode: 'json' }).notNull(),
  /** JSON: {title, intro} used to build the result document. */
  resultTemplate: text('result_template', { mode: 'json' }).notNull(),
  legalBasis: text('legal_basis'),
});

/** Hồ sơ. */
export const dossiers = sqliteTable(
  'dossiers',
  {
    code: text('code').primaryKey(),
    agencyCode: text('agency_code').notNull(),
    procedureCode: text('procedure_code').notNull().references(() => procedures.code),
    applicantName: text('applicant_name').notNull(),
    /** CCCD, 12 digits. Personal data: only staff roles see it. */
    applicantId: text('applicant_id').notNull(),
    applicantPhone: text('applicant_phone').notNull(),
    applicantAddress: text('applicant_address'),
    channel: text('channel', { enum: ['direct', 'online', 'post'] }).notNull(),
    status: text('status').notNull(),
    receivedAt: integer('received_at').notNull(),
    /** Ngày hẹn trả: recomputed when the clock resumes after a supplement. */
    dueAt: integer('due_at').notNull(),
    /** Set while the clock is stopped for a supplement request. */
    clockPausedAt: integer('clock_paused_at'),
    supplementCount: integer('supplement_count').notNull().default(0),
    /** When a decision was reached (approved, rejected): the "resolved" time for statistics. */
    resolvedAt: integer('resolved_at'),
    returnedAt: integer('returned_at'),
    rating: integer('rating'),
    /** Current result PDF (blob id); replaced by each signing. */
    resultBlob: text('result_blob'),
    receivedBy: integer('received_by').notNull().references(() => users.id),
    version: integer('version').notNull().default(0),
  },
  (t) => [
    index('dossiers_status').on(t.status),
    index('dossiers_received').on(t.receivedAt),
    index('dossiers_applicant').on(t.applicantId),
    // The work lists read a status in due order, the staff list in reception order: walked, not sorted.
    index('dossiers_status_due').on(t.status, t.dueAt, t.code),
    index('dossiers_status_received').on(t.status, t.receivedAt),
  ],
);

/** Daily sequence per agency for dossier codes; incremented inside the insert's transaction. */
export const dossierSequences = sqliteTable(
  'dossier_sequences',
  {
    agencyCode: text('agency_code').notNull(),
    day: text('day').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyCode, t.day] })],
);

/** One uploaded paper document (thành phần hồ sơ) and its digitisation. */
export const documents = sqliteTable(
  'documents',
  {
    id: text('id').primaryKey(),
    dossierCode: text('dossier_code').notNull().references(() => dossiers.code),
    name: text('name').notNull(),
    /** original (bản chính) | certified_copy (bản sao chứng thực) | copy (bản photo). */
    kind: text('kind', { enum: ['original', 'certified_copy', 'copy'] }).notNull().default('copy'),
    copies: integer('copies').notNull().default(1),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    sourceBlob: text('source_blob').notNull(),
    /** Owner's CCCD, so that a later dossier can reuse the digitised document. */
    citizenId: text('citizen_id').notNull(),
    reusedFrom: text('reused_from'),
    /** Digitisation: stored | queued | processing | done | failed. */
    status: text('status').notNull(),
    pagesDone: integer('pages_done').notNull().default(0),
    pageCount: integer('page_count'),
    pdfBlob: text('pdf_blob'),
    error: text('error'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('documents_dossier').on(t.dossierCode), index('documents_citizen').on(t.citizenId)],
);

/** Process-control hand-offs (phiếu kiểm soát quá trình giải quyết hồ sơ). */
export const transitions = sqliteTable(
  'transitions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    dossierCode: text('dossier_code').notNull().references(() => dossiers.code),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    action: text('action').notNull(),
    actorId: integer('actor_id').references(() => users.id),
    actorRole: text('actor_role'),
    at: integer('at').notNull(),
    /** When this step was due (for early/on time/late marking), if it had a deadline. */
    dueAt: integer('due_at'),
    note: text('note'),
    data: text('data', { mode: 'json' }),
  },
  (t) => [index('transitions_dossier').on(t.dossierCode)],
);

/** Hash-chained, append-only audit log. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    actorId: integer('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    dossierCode: text('dossier_code'),
    detail: text('detail').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_dossier').on(t.dossierCode)],
);

/**
 * Checkpoints of the audit chain: every N entries, the hash a verification found there. A
 * later check starts at the last checkpoint instead of the first entry, and checks the
 * checkpoints themselves against the entries they name (src/audit/checkpoints.ts).
 */
export const auditCheckpoints = sqliteTable('audit_checkpoints', {
  seq: integer('seq').primaryKey(),
  hash: text('hash').notNull(),
  /** When the verification that recorded it ran. */
  verifiedAt: integer('verified_at').notNull(),
});

/**
 * Signature and seal images (ảnh chữ ký, con dấu) by kind and user ('' for the agency's seal);
 * the PNG itself is a blob of the BlobStore.
 */
export const images = sqliteTable('images', {
  key: text('key').primaryKey(),
  blob: text('blob').notNull(),
  width: integer('width').notNull(),
  height: integer('height').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** Admin-amended yearly calendar: extra days off (Tết as decided) and swapped working days. */
export const calendarOverrides = sqliteTable('calendar_overrides', {
  /** YYYY-MM-DD (local date in Asia/Ho_Chi_Minh). */
  date: text('date').primaryKey(),
  kind: text('kind', { enum: ['holiday', 'workday'] }).notNull(),
  name: text('name').notNull(),
});

/** Persistent job queue (OCR, and later other background work). */
export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    payload: text('payload', { mode: 'json' }).notNull(),
    status: text('status', { enum: ['queued', 'running', 'done', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    runAfter: integer('run_after').notNull(),
    lockedAt: integer('locked_at'),
    error: text('error'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('jobs_ready').on(t.status, t.runAfter)],
);

/** OCR text per page; mirrored into the FTS5 table page_text_fts by a hand-written migration. */
export const pageTexts = sqliteTable(
  'page_texts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: text('document_id').notNull().references(() => documents.id),
    page: integer('page').notNull(),
    text: text('text').notNull(),
  },
  (t) => [uniqueIndex('page_texts_doc_page').on(t.documentId, t.page)],
);

/** Every signature applied by the service (approval, seal, certified copy). */
export const signatures = sqliteTable(
  'signatures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    dossierCode: text('dossier_code').notNull().references(() => dossiers.code),
    documentId: text('document_id'),
    purpose: text('purpose', { enum: ['approval', 'seal', 'certified_copy'] }).notNull(),
    signerUserId: integer('signer_user_id').references(() => users.id),
    certFingerprint: text('cert_fingerprint').notNull(),
    certSubject: text('cert_subject').notNull(),
    signedAt: integer('signed_at').notNull(),
    inputBlob: text('input_blob').notNull(),
    outputBlob: text('output_blob').notNull(),
    level: text('level'),
    /**
     * A certified copy's number `copySeq/copyYear` (số chứng thực), printed on the copy: counted
     * per local year from 1, stored so that it is unique (the index) and never reused.
     */
    copyYear: integer('copy_year'),
    copySeq: integer('copy_seq'),
  },
  (t) => [uniqueIndex('signatures_copy_number').on(t.copyYear, t.copySeq)],
);

/** Pending two-step (external) signing sessions: prepared bytes wait for a signature value. */
export const signingSessions = sqliteTable('signing_sessions', {
  id: text('id').primaryKey(),
  dossierCode: text('dossier_code').notNull().references(() => dossiers.code),
  purpose: text('purpose').notNull(),
  userId: integer('user_id').notNull().references(() => users.id),
  state: text('state', { mode: 'json' }).notNull(),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
});

