import type { SignatureReport, VerificationReport } from '../verify/types';

/**
 * Green / amber / red for the auditor, after the EU DSS's TOTAL_PASSED / INDETERMINATE /
 * TOTAL_FAILED: red when something is proven wrong (bytes changed, a bad signature, a broken or
 * revoked chain, disallowed changes after signing); amber when nothing is wrong but something
 * could not be confirmed (no trusted anchor, revocation unknown, no time-stamp); green otherwise.
 */
export type Tone = 'green' | 'amber' | 'red';

export const TONE_WORDS: Record<Tone, { word: string }> = {
  green: { word: 'Hợp lệ' },
  amber: { word: 'Chưa xác định được' },
  red: { word: 'Không hợp lệ' },
};

const PROVEN_BAD_CHAINS = new Set(['broken', 'expired', 'not-yet-valid', 'bad-key-usage']);

export interface Check {
  label: string;
  tone: Tone;
  text: string;
}

export function signatureTone(s: SignatureReport): Tone {
  return worst(signatureChecks(s).map((c) => c.tone));
}

export function reportTone(r: VerificationReport): Tone {
  if (!r.signatures.length) return 'amber';
  const t = worst(r.signatures.map(signatureTone));
  // The verifier may refuse the file as a whole (reasons) even when each signature looks fine.
  return !r.valid && t === 'green' ? 'red' : t;
}

export function worst(tones: Tone[]): Tone {
  return tones.includes('red') ? 'red' : tones.includes('amber') ? 'amber' : 'green';
}

/** The checks of one signature, each with its own tone, in the order a person reads them. */
export function signatureChecks(s: SignatureReport): Check[] {
  const ts = s.timestamp;
  return [
    { label: 'Tính toàn vẹn', tone: s.integrity === 'intact' ? 'green' : 'red', text: INTEGRITY[s.integrity] },
    { label: 'Chữ ký số (CMS)', tone: s.signatureValid ? 'green' : 'red', text: s.signatureValid ? 'Đúng với chứng thư của người ký' : 'Sai: không khớp với chứng thư' },
    { label: 'Chuỗi chứng thư', tone: s.chain === 'trusted' ? 'green' : PROVEN_BAD_CHAINS.has(s.chain) ? 'red' : 'amber', text: CHAIN[s.chain] },
    {
      label: 'Dấu thời gian',
      tone: !ts ? (s.kind === 'document-timestamp' ? 'green' : 'amber') : ts.valid ? (ts.chain === 'trusted' ? 'green' : 'amber') : 'red',
      text: !ts ? 'Không có (thời điểm ký chỉ do người ký tự khai)' : ts.valid ? `Hợp lệ, do ${ts.tsa ?? 'TSA không rõ tên'} cấp` : 'Không hợp lệ',
    },
    { label: 'Tình trạng thu hồi', tone: s.revocation === 'revoked' ? 'red' : s.revocation === 'unknown' ? 'amber' : 'green', text: REVOCATION[s.revocation] },
    ...longTermCheck(s),
    {
      label: 'Thay đổi sau khi ký',
      tone: s.modifiedAfter ? 'red' : 'green',
      text: s.modifiedAfter ? 'Có thay đổi không được phép' : s.totalDocument ? 'Không (chữ ký phủ toàn bộ tệp)' : 'Chỉ các thay đổi được phép (thêm chữ ký, dữ liệu kiểm tra)',
    },
  ];
}

/** Why the signature still holds years later: what proves when it was made (PAdES B-LTA). */
function longTermCheck(s: SignatureReport): Check[] {
  const lt = s.longTerm;
  if (!lt || (!lt.by && s.chain === 'trusted')) return [];
  const by = lt.by === 'archive-timestamp' ? 'dấu thời gian lưu trữ' : 'dấu thời gian của chữ ký';
  return [{
    label: 'Giá trị lâu dài',
    tone: lt.provenAt ? (s.chain === 'trusted' ? 'green' : 'amber') : 'red',
    text: lt.provenAt ? `Chứng minh đã có lúc ${lt.provenAt} (${by})` : 'Không còn bằng chứng nào về thời điểm ký đáng tin cậy',
  }];
}

const INTEGRITY: Record<SignatureReport['integrity'], string> = {
  intact: 'Nguyên vẹn: nội dung đã ký không bị sửa',
  'digest-mismatch': 'Nội dung đã ký bị thay đổi (sai giá trị băm)',
  'byterange-invalid': 'Phạm vi ký (/ByteRange) không hợp lệ',
  unsupported: 'Thuật toán chưa được hỗ trợ',
  unreadable: 'Không đọc được dữ liệu chữ ký',
};

const CHAIN: Record<SignatureReport['chain'], string> = {
  trusted: 'Tin cậy: dẫn tới chứng thư gốc được tin cậy',
  untrusted: 'Không dẫn tới chứng thư gốc nào được tin cậy',
  broken: 'Chuỗi chứng thư bị lỗi',
  expired: 'Chứng thư đã hết hạn (khi ký, hoặc nay mà tệp không còn bằng chứng chữ ký có trước đó)',
  'not-yet-valid': 'Chứng thư chưa có hiệu lực tại thời điểm ký',
  'bad-key-usage': 'Chứng thư không được phép dùng để ký',
  unknown: 'Không xác định',
};

const REVOCATION: Record<SignatureReport['revocation'], string> = {
  good: 'Chưa bị thu hồi',
  revoked: 'Đã bị thu hồi trước khi ký',
  'revoked-after-signing': 'Bị thu hồi sau thời điểm ký (chữ ký vẫn có giá trị)',
  unknown: 'Không có dữ liệu thu hồi để kiểm tra',
};
