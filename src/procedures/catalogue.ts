/**
 * Seed catalogue of administrative procedures (thủ tục hành chính) handled at commune and
 * district level. Codes follow the national procedures database (CSDL quốc gia về TTHC) form
 * `x.xxxxxx`; an agency reviews them against its province's published list (Quyết định công bố
 * TTHC) before go-live, since provinces publish their own fee levels and sometimes shorter times.
 */
export interface RequiredDocument {
  name: string;
  /** original: bản chính; certified_copy: bản sao có chứng thực; copy: bản chụp/photo. */
  kind: 'original' | 'certified_copy' | 'copy';
  count: number;
  note?: string;
}

export interface ProcedureSeed {
  code: string;
  name: string;
  field: string;
  level: 'commune' | 'district' | 'province';
  processingDays: number;
  feeVnd: number;
  feeNote?: string;
  requiredDocuments: RequiredDocument[];
  resultTemplate: { title: string; intro: string };
  legalBasis: string;
}

export const PROCEDURE_CATALOGUE: ProcedureSeed[] = [
  {
    code: '1.001193',
    name: 'Đăng ký khai sinh',
    field: 'Hộ tịch',
    level: 'commune',
    processingDays: 1,
    feeVnd: 0,
    feeNote: 'Miễn lệ phí khi đăng ký đúng hạn (Luật Hộ tịch 2014, Điều 11)',
    requiredDocuments: [
      { name: 'Tờ khai đăng ký khai sinh', kind: 'original', count: 1 },
      { name: 'Giấy chứng sinh', kind: 'original', count: 1 },
      { name: 'Giấy chứng nhận kết hôn của cha mẹ (nếu có)', kind: 'copy', count: 1, note: 'Xuất trình bản chính để đối chiếu' },
    ],
    resultTemplate: { title: 'GIẤY KHAI SINH', intro: 'Ủy ban nhân dân đã đăng ký khai sinh cho người có thông tin dưới đây.' },
    legalBasis: 'Luật Hộ tịch 2014; Nghị định 123/2015/NĐ-CP',
  },
  {
    code: '2.000815',
    name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận',
    field: 'Chứng thực',
    level: 'commune',
    processingDays: 1,
    feeVnd: 2000,
    feeNote: '2.000 đồng/trang; từ trang thứ ba trở lên 1.000 đồng/trang, tối đa 200.000 đồng/bản',
    requiredDocuments: [
      { name: 'Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao', kind: 'original', count: 1 },
      { name: 'Bản sao cần chứng thực', kind: 'copy', count: 1 },
    ],
    resultTemplate: { title: 'CHỨNG THỰC BẢN SAO ĐÚNG VỚI BẢN CHÍNH', intro: 'Chứng thực bản sao này đúng với bản chính.' },
    legalBasis: 'Nghị định 23/2015/NĐ-CP; Thông tư 226/2016/TT-BTC',
  },
  {
    code: '1.000894',
    name: 'Đăng ký kết hôn',
    field: 'Hộ tịch',
    level: 'commune',
    processingDays: 1,
    feeVnd: 0,
    feeNote: 'Miễn lệ phí đăng ký kết hôn giữa công dân Việt Nam cư trú trong nước',
    requiredDocuments: [
      { name: 'Tờ khai đăng ký kết hôn', kind: 'original', count: 1 },
      { name: 'Giấy xác nhận tình trạng hôn nhân (nếu đăng ký tại nơi không thường trú)', kind: 'original', count: 1 },
    ],
    resultTemplate: { title: 'GIẤY CHỨNG NHẬN KẾT HÔN', intro: 'Ủy ban nhân dân chứng nhận hai bên đã đăng ký kết hôn.' },
    legalBasis: 'Luật Hộ tịch 2014; Luật Hôn nhân và gia đình 2014',
  },
  {
    code: '1.003004',
    name: 'Tách thửa hoặc hợp thửa đất',
    field: 'Đất đai',
    level: 'district',
    processingDays: 15,
    feeVnd: 100000,
    feeNote: 'Lệ phí cấp Giấy chứng nhận theo mức của Hội đồng nhân dân cấp tỉnh',
    requiredDocuments: [
      { name: 'Đơn đề nghị tách thửa đất, hợp thửa đất (Mẫu số 10/ĐK)', kind: 'original', count: 1 },
      { name: 'Giấy chứng nhận quyền sử dụng đất đã cấp', kind: 'original', count: 1 },
      { name: 'Bản vẽ tách thửa đất, hợp thửa đất', kind: 'original', count: 1 },
    ],
    resultTemplate: { title: 'QUYẾT ĐỊNH VỀ VIỆC TÁCH THỬA ĐẤT', intro: 'Căn cứ Luật Đất đai 2024 và hồ sơ đề nghị của người sử dụng đất,' },
    legalBasis: 'Luật Đất đai 2024; Nghị định 101/2024/NĐ-CP',
  },
  {
    code: '2.000575',
    name: 'Đăng ký thành lập hộ kinh doanh',
    field: 'Thành lập và hoạt động của hộ kinh doanh',
    level: 'district',
    processingDays: 3,
    feeVnd: 100000,
    feeNote: 'Theo mức của Hội đồng nhân dân cấp tỉnh',
    requiredDocuments: [
      { name: 'Giấy đề nghị đăng ký hộ kinh doanh', kind: 'original', count: 1 },
      { name: 'Bản sao giấy tờ pháp lý của cá nhân (CCCD)', kind: 'certified_copy', count: 1 },
    ],
    resultTemplate: { title: 'GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH', intro: 'Cơ quan đăng ký kinh doanh chứng nhận hộ kinh doanh có thông tin sau.' },
    legalBasis: 'Nghị định 01/2021/NĐ-CP',
  },
  {
    code: '1.009994',
    name: 'Cấp giấy phép xây dựng đối với nhà ở riêng lẻ',
    field: 'Xây dựng',
    level: 'district',
    processingDays: 15,
    feeVnd: 75000,
    feeNote: 'Theo mức của Hội đồng nhân dân cấp tỉnh',
    requiredDocuments: [
      { name: 'Đơn đề nghị cấp giấy phép xây dựng', kind: 'original', count: 1 },
      { name: 'Giấy tờ chứng minh quyền sử dụng đất', kind: 'certified_copy', count: 1 },
      { name: 'Bản vẽ thiết kế xây dựng', kind: 'original', count: 2 },
    ],
    resultTemplate: { title: 'GIẤY PHÉP XÂY DỰNG', intro: 'Cấp cho chủ đầu tư được phép xây dựng công trình theo nội dung sau.' },
    legalBasis: 'Luật Xây dựng 2014 (sửa đổi 2020); Nghị định 15/2021/NĐ-CP',
  },
  {
    code: '2.000635',
    name: 'Cấp bản sao trích lục hộ tịch',
    field: 'Hộ tịch',
    level: 'commune',
    processingDays: 1,
    feeVnd: 8000,
    feeNote: '8.000 đồng/bản sao',
    requiredDocuments: [{ name: 'Tờ khai cấp bản sao trích lục hộ tịch', kind: 'original', count: 1 }],
    resultTemplate: { title: 'TRÍCH LỤC HỘ TỊCH (BẢN SAO)', intro: 'Trích lục từ Sổ đăng ký hộ tịch.' },
    legalBasis: 'Luật Hộ tịch 2014; Thông tư 281/2016/TT-BTC',
  },
];
