import { z } from 'zod';

/**
 * Input of the printed slips (phiếu) and the result document. The dossier service maps its
 * rows onto these shapes; every slip validates its input with the schemas below, so bad data
 * becomes an InvalidInputError (see ./validate) rather than a half-drawn PDF.
 *
 * All text is normalised to NFC: the PDF text layer must give back exactly what a search for
 * "Nguyễn Thị Ánh Tuyết" typed on a Vietnamese keyboard produces.
 */

/** Non-empty, trimmed, NFC text. */
export const text = z
  .string()
  .transform((s) => s.normalize('NFC').trim())
  .pipe(z.string().min(1, 'must not be empty'));

/** A point in time: epoch milliseconds, a Date, or an ISO 8601 string with offset. Parsed to epoch ms. */
export const instant = z.union([z.number(), z.date(), z.string()]).transform((v, ctx) => {
  const ms = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : v.getTime();
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: 'custom', message: 'not a valid time' });
    return z.NEVER;
  }
  return ms;
});

export const agencySchema = z.object({
  code: text,
  /** Issuing agency, e.g. "UBND phường Ba Đình". Printed in capitals at the top left. */
  name: text,
  /** Superior agency printed above the name on the result document, e.g. "UBND thành phố Hà Nội". */
  parentName: text.optional(),
  /** Unit that issues the slips (defaults to "Bộ phận Một cửa"). */
  unitName: text.optional(),
  address: text,
  phone: text.optional(),
  /** Place name for the date line ("Hà Nội, ngày … tháng … năm …"). */
  place: text.optional(),
});
export type Agency = z.input<typeof agencySchema>;
export type ParsedAgency = z.output<typeof agencySchema>;

/** A person as printed on a slip (CCCD / số định danh cá nhân as idNumber). */
export const personSchema = z.object({
  name: text,
  idNumber: text,
  phone: text,
  address: text.optional(),
  email: text.optional(),
});
export type Person = z.input<typeof personSchema>;

export const documentKinds = ['original', 'certified_copy', 'copy'] as const;
export type DocumentKind = (typeof documentKinds)[number];

/** One item of thành phần hồ sơ. */
export const slipDocumentSchema = z.object({
  name: text,
  kind: z.enum(documentKinds),
  copies: z.int().min(1).max(1000),
});
export type SlipDocument = z.input<typeof slipDocumentSchema>;

/** What every slip about a dossier needs. */
export const dossierRefSchema = z.object({
  code: text,
  procedureName: text,
  applicant: personSchema,
  receivedAt: instant,
  dueAt: instant,
});
export type DossierRef = z.input<typeof dossierRefSchema>;
export type ParsedDossierRef = z.output<typeof dossierRefSchema>;

export const slipDossierSchema = dossierRefSchema.extend({
  /** Người nộp hồ sơ when not the applicant (chủ hồ sơ) in person. */
  submitter: personSchema.optional(),
  /** Legal processing time in working days (may be fractional, e.g. 0.5). */
  processingDays: z.number().min(0).max(1000),
  channel: z.enum(['direct', 'online', 'post']),
  documents: z.array(slipDocumentSchema).min(1, 'at least one document'),
  sets: z.int().min(1).max(100),
  receivedBy: z.object({ name: text }),
  lookupUrl: z.url({ protocol: /^https?$/ }),
  /**
   * The citizen's key to the result online (mã nhận kết quả): printed under the lookup address
   * and added to the QR link as `?k=`.
   */
  accessKey: z.string().regex(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/, 'four groups of 4 characters').optional(),
  /** Where the result is collected; defaults to the unit at the agency's address. */
  returnPlace: text.optional(),
});
export type SlipDossier = z.input<typeof slipDossierSchema>;

/** Who signs a slip: the title line(s) in capitals and, when known, the name. */
export const signerSchema = z.object({
  title: z.union([text, z.array(text).min(1)]),
  name: text.optional(),
});
export type Signer = z.input<typeof signerSchema>;
export type ParsedSigner = z.output<typeof signerSchema>;

/** Fields shared by the one-page notices (supplement, refusal, apology, stop). */
const noticeBase = z.object({
  agency: agencySchema,
  dossier: dossierRefSchema,
  /** Date printed on the notice; defaults to now. */
  issuedAt: instant.optional(),
  /** Số ký hiệu, e.g. "15/PYC-BPMC". */
  number: text.optional(),
  signer: signerSchema.optional(),
});

export const supplementRequestSchema = noticeBase.extend({
  missingItems: z.array(text).min(1, 'at least one missing item'),
  reason: text,
  /** Who the citizen may call for guidance. */
  contact: z.object({ name: text, phone: text }).optional(),
});
export type SupplementRequestInput = z.input<typeof supplementRequestSchema>;

export const refusalNoticeSchema = noticeBase.extend({
  /** Refused at reception (tiếp nhận) or after appraisal (giải quyết). */
  stage: z.enum(['reception', 'resolution']),
  reason: text,
  legalBasis: text.optional(),
});
export type RefusalNoticeInput = z.input<typeof refusalNoticeSchema>;

export const apologyLetterSchema = noticeBase.extend({
  reason: text,
  newDueAt: instant,
});
export type ApologyLetterInput = z.input<typeof apologyLetterSchema>;

export const stopNoticeSchema = noticeBase.extend({
  /** Withdrawn by the citizen (rút hồ sơ) or stopped by the agency. */
  cause: z.enum(['withdrawn', 'stopped']),
  reason: text,
});
export type StopNoticeInput = z.input<typeof stopNoticeSchema>;

export const timelinessMarks = ['early', 'on_time', 'late'] as const;
export type Timeliness = (typeof timelinessMarks)[number];

/** One hand-off on the process-control slip. The mark is given, or derived from dueAt. */
export const controlStepSchema = z.object({
  from: text,
  to: text,
  at: instant,
  dueAt: instant.optional(),
  mark: z.enum(timelinessMarks).optional(),
  outcome: text,
  note: text.optional(),
});
export type ControlStep = z.input<typeof controlStepSchema>;

export const processControlSchema = z.object({
  agency: agencySchema,
  dossier: dossierRefSchema,
  /** Bodies that take part in resolving the dossier (cơ quan phối hợp). */
  coordinatingBodies: z.array(text).optional(),
  steps: z.array(controlStepSchema),
  issuedAt: instant.optional(),
});
export type ProcessControlInput = z.input<typeof processControlSchema>;

export const resultDocumentSchema = z.object({
  agency: agencySchema,
  /** Số ký hiệu, e.g. "125/QĐ-UBND" (printed as "Số: 125/QĐ-UBND"). */
  number: text,
  /** Dossier code printed for the citizen's reference ("Mã hồ sơ: …"). */
  dossierCode: text.optional(),
  issuedAt: instant.optional(),
  /** Document type in capitals, e.g. "QUYẾT ĐỊNH" or "GIẤY XÁC NHẬN". */
  title: text,
  /** Trích yếu below the title, e.g. "Về việc cấp giấy phép xây dựng". */
  subtitle: text.optional(),
  /** Paragraphs: an array, or one string split on blank lines; empty paragraphs are dropped. */
  body: z
    .union([z.string(), z.array(z.string())])
    .transform((b) => (typeof b === 'string' ? b.split(/\n\s*\n/) : b).map((p) => p.normalize('NFC').trim()).filter(Boolean))
    .pipe(z.array(z.string()).min(1, 'the body has no text')),
  signer: z.object({
    /** E.g. ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]; a single string may contain "/" or newlines. */
    title: z.union([text, z.array(text).min(1)]),
    name: text,
  }),
  /** Nơi nhận; defaults to the applicant ("Như trên") and the archive ("Lưu: VT"). */
  recipients: z.array(text).optional(),
});
export type ResultDocumentInput = z.input<typeof resultDocumentSchema>;

/** A rectangle in PDF user space (points, origin bottom left); page is 0-based. */
export interface Box {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ResultDocument {
  pdf: Uint8Array;
  signatureBoxes: { leader: Box; seal: Box };
}
