import { describe, expect, it } from 'vitest';
import { haveTool } from '../../test/support/tools';
import { InvalidInputError } from '../shared/errors';
import { fromLocal } from '../shared/time';
import { apologyLetter } from './apology-letter';
import { refusalNotice } from './refusal-notice';
import { stopNotice } from './stop-notice';
import { supplementRequest } from './supplement-request';
import { agency, dossierRef, flat, pdfText, qpdfCheck, snapshotPng } from './testing';

const hasPdftotext = haveTool('pdftotext');
const hasQpdf = haveTool('qpdf');
const issuedAt = fromLocal(2026, 11, 24, 10, 15);

/** Each notice with the phrases a citizen must find on it. */
const cases: { name: string; render: () => Promise<Uint8Array>; expected: string[] }[] = [
  {
    name: 'supplement',
    render: () =>
      supplementRequest({
        agency,
        dossier: dossierRef,
        issuedAt,
        number: '15/PYC-BPMC',
        missingItems: ['Bản sao Giấy chứng nhận kết hôn có chứng thực', 'Giấy xác nhận nơi cư trú của người mẹ'],
        reason: 'Hồ sơ còn thiếu giấy tờ chứng minh quan hệ cha, mẹ, con theo quy định của Luật Hộ tịch.',
        contact: { name: 'bà Phạm Thu Hương', phone: '024 3823 4568' },
      }),
    expected: [
      'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
      'Số: 15/PYC-BPMC',
      'Hà Nội, ngày 24 tháng 11 năm 2026',
      'Kính gửi: Ông/Bà Nguyễn Thị Ánh Tuyết',
      '1. Bản sao Giấy chứng nhận kết hôn có chứng thực',
      '2. Giấy xác nhận nơi cư trú của người mẹ',
      'Lý do: Hồ sơ còn thiếu giấy tờ chứng minh quan hệ cha, mẹ, con',
      'bà Phạm Thu Hương, số điện thoại 024 3823 4568',
      'Người hướng dẫn',
    ],
  },
  {
    name: 'refusal',
    render: () =>
      refusalNotice({
        agency,
        dossier: dossierRef,
        issuedAt,
        stage: 'reception',
        reason: 'Thủ tục không thuộc thẩm quyền giải quyết của Ủy ban nhân dân cấp xã.',
        legalBasis: 'khoản 2 Điều 19 Nghị định số 118/2025/NĐ-CP',
      }),
    expected: [
      'Phiếu từ chối tiếp nhận, giải quyết hồ sơ',
      'Căn cứ khoản 2 Điều 19 Nghị định số 118/2025/NĐ-CP',
      'từ chối tiếp nhận hồ sơ nêu trên',
      'Lý do: Thủ tục không thuộc thẩm quyền giải quyết của Ủy ban nhân dân cấp xã.',
      'H26.39-261123-0007',
    ],
  },
  {
    name: 'apology',
    render: () =>
      apologyLetter({
        agency,
        dossier: dossierRef,
        issuedAt,
        reason: 'Cần xác minh thông tin cư trú với Công an phường Ngọc Hà.',
        newDueAt: fromLocal(2026, 11, 27, 16, 0),
        signer: { title: 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH', name: 'Đỗ Quang Vũ' },
      }),
    expected: [
      'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
      'Thời gian hẹn trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 25 tháng 11 năm 2026',
      'Lý do: Cần xác minh thông tin cư trú với Công an phường Ngọc Hà.',
      'xin lỗi Ông/Bà',
      '16 giờ 00 phút, ngày 27 tháng 11 năm 2026',
      'KT. CHỦ TỊCH PHÓ CHỦ TỊCH',
      'Đỗ Quang Vũ',
    ],
  },
  {
    name: 'stop',
    render: () => stopNotice({ agency, dossier: dossierRef, issuedAt, cause: 'withdrawn', reason: 'Công dân đề nghị rút hồ sơ để bổ sung giấy tờ.' }),
    expected: [
      'THÔNG BÁO Về việc dừng xử lý hồ sơ',
      'Ngày 24 tháng 11 năm 2026, Ông/Bà đã có yêu cầu rút hồ sơ nêu trên.',
      'Lý do: Công dân đề nghị rút hồ sơ để bổ sung giấy tờ.',
      'Đăng ký khai sinh kết hợp đăng ký thường trú cho trẻ em dưới 14 tuổi',
    ],
  },
];

describe.each(cases)('$name notice', ({ name, render, expected }) => {
  it.skipIf(!hasPdftotext || !hasQpdf)('renders the key Vietnamese text and passes qpdf --check', async () => {
    const pdf = await render();
    snapshotPng(pdf, name);
    const text = flat(pdfText(pdf));
    for (const s of expected) expect(text).toContain(flat(s));
    expect(text).toContain(flat('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'));
    expect(qpdfCheck(pdf).status).toBe(0);
  });
});

describe('notice input checks', () => {
  it('refuses an apology whose new date is not after the original one', async () => {
    const p = apologyLetter({ agency, dossier: dossierRef, issuedAt, reason: 'Chậm xác minh.', newDueAt: dossierRef.dueAt });
    await expect(p).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('refuses a supplement request with no missing item, and notices without a reason', async () => {
    await expect(supplementRequest({ agency, dossier: dossierRef, missingItems: [], reason: 'Thiếu giấy tờ.' })).rejects.toThrow(/missingItems/);
    await expect(refusalNotice({ agency, dossier: dossierRef, stage: 'resolution', reason: '' })).rejects.toThrow(/reason/);
    await expect(stopNotice({ agency, dossier: dossierRef, cause: 'stopped', reason: ' ' })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it.skipIf(!hasPdftotext)('a refusal after appraisal says "giải quyết" and defaults to the head of the agency', async () => {
    const pdf = await refusalNotice({ agency, dossier: dossierRef, issuedAt, stage: 'resolution', reason: 'Người yêu cầu không đủ điều kiện.' });
    const text = flat(pdfText(pdf));
    expect(text).toContain(flat('từ chối giải quyết hồ sơ nêu trên'));
    expect(text).toContain(flat('Thủ trưởng cơ quan'));
  });
});
