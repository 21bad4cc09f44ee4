import { vnDateTime } from '../shared/time';
import type { SignatureReport, VerificationReport } from './types';

/**
 * Vietnamese wording of a VerificationReport, shared by the HTML and PDF reports so that both
 * say exactly the same thing. Free-text details (errors, change descriptions) stay as the
 * verifier wrote them; every enumerated value is translated.
 */
export const VI = {
  title: 'Báo cáo kiểm tra chữ ký số',
  valid: 'Hợp lệ',
  invalid: 'Không hợp lệ',
  verdict: 'Kết luận',
  reasons: 'Lý do',
  file: 'Tệp',
  size: 'Kích thước',
  checkedAt: 'Thời điểm kiểm tra',
  signature: 'Chữ ký',
  documentTimestamp: 'Dấu thời gian tài liệu',
  fieldName: 'Trường chữ ký',
  signer: 'Người ký',
  organisation: 'Tổ chức',
  signedAt: 'Thời điểm ký',
  timestamp: 'Dấu thời gian',
  integrity: 'Tính toàn vẹn',
  signatureValid: 'Chữ ký CMS',
  chain: 'Chuỗi chứng thư',
  chainPath: 'Đường dẫn chứng thư',
  revocation: 'Tình trạng thu hồi',
  coverage: 'Phạm vi ký',
  modifiedAfter: 'Thay đổi sau khi ký',
  level: 'Mức PAdES',
  docMdp: 'Chứng nhận (DocMDP)',
  longTerm: 'Giá trị lâu dài (bằng chứng tồn tại)',
  algorithm: 'Thuật toán',
  reason: 'Lý do ký',
  notes: 'Ghi chú',
  revisions: 'Các phiên bản của tệp',
  revision: 'Phiên bản',
  changes: 'Thay đổi',
  none: 'Không có',
  noSignature: 'Tệp không có chữ ký số',
  yes: 'Có',
  no: 'Không',
} as const;

const ENUMS: Record<string, string> = {
  intact: 'Nguyên vẹn',
  'digest-mismatch': 'Nội dung đã bị thay đổi (sai giá trị băm)',
  'byterange-invalid': 'Phạm vi ký (/ByteRange) không hợp lệ',
  unsupported: 'Thuật toán chưa được hỗ trợ',
  unreadable: 'Không đọc được dữ liệu chữ ký',
  trusted: 'Tin cậy',
  untrusted: 'Không tin cậy (không dẫn tới chứng thư gốc được tin cậy)',
  broken: 'Chuỗi chứng thư bị lỗi',
  expired: 'Chứng thư đã hết hạn tại thời điểm ký',
  'not-yet-valid': 'Chứng thư chưa có hiệu lực tại thời điểm ký',
  'bad-key-usage': 'Chứng thư không được phép dùng để ký',
  unknown: 'Không xác định',
  good: 'Chưa bị thu hồi',
  revoked: 'Đã bị thu hồi trước khi ký',
  'revoked-after-signing': 'Bị thu hồi sau thời điểm ký',
};

export function vi(value: string): string {
  return ENUMS[value] ?? value;
}

export function when(iso: string | null): string {
  return iso ? `${vnDateTime(Date.parse(iso))} (${iso})` : VI.none;
}

export interface LabelledSignature {
  heading: string;
  ok: boolean;
  rows: [string, string][];
  modifications: string[];
  notes: string[];
}

export function signatureOk(s: SignatureReport): boolean {
  return s.integrity === 'intact' && s.signatureValid && s.chain === 'trusted' && s.revocation !== 'revoked' && !s.modifiedAfter && (!s.timestamp || s.timestamp.valid);
}

export function labelSignature(s: SignatureReport): LabelledSignature {
  const ts = s.timestamp;
  const rows: [string, string][] = [
    [VI.fieldName, s.fieldName],
    [VI.signer, s.signer ?? VI.none],
    [VI.organisation, s.organisation ?? VI.none],
    [VI.signedAt, when(s.signedAt)],
    [VI.timestamp, ts ? `${when(ts.time)}; ${ts.valid ? VI.valid : VI.invalid}; TSA: ${ts.tsa ?? VI.none}; ${VI.chain.toLowerCase()}: ${vi(ts.chain)}` : VI.none],
    [VI.integrity, vi(s.integrity)],
    [VI.signatureValid, s.signatureValid ? VI.valid : VI.invalid],
    [VI.chain, vi(s.chain)],
    [VI.chainPath, s.chainPath.length ? s.chainPath.join(' → ') : VI.none],
    [VI.revocation, vi(s.revocation)],
    [VI.coverage, `${VI.revision.toLowerCase()} ${s.coversRevision}${s.totalDocument ? ' (toàn bộ tệp)' : ''}`],
    [VI.modifiedAfter, s.modifiedAfter ? VI.yes : VI.no],
    [VI.level, s.level ?? VI.none],
    [VI.algorithm, s.algorithm ?? VI.none],
  ];
  if (s.docMdp) rows.push([VI.docMdp, `P=${s.docMdp}`]);
  // Why the signature still holds at the verification time (in English: ETSI's terms, for auditors).
  if (s.longTerm) rows.push([VI.longTerm, `${s.longTerm.provenAt ? `${when(s.longTerm.provenAt)} — ` : ''}${s.longTerm.note}`]);
  if (s.reason) rows.push([VI.reason, s.reason]);
  const kind = s.kind === 'document-timestamp' ? VI.documentTimestamp : VI.signature;
  return { heading: `${kind} ${s.index + 1}: ${s.signer ?? s.fieldName}`, ok: signatureOk(s), rows, modifications: s.modifications, notes: s.errors };
}

export function summaryRows(r: VerificationReport): [string, string][] {
  return [
    [VI.verdict, r.valid ? VI.valid : VI.invalid],
    [VI.size, `${r.file.size} byte; SHA-256 ${r.file.sha256}`],
    [VI.checkedAt, when(r.checkedAt)],
  ];
}
