import { z } from 'zod';
import { CHANNEL_LABELS, KIND_LABELS, dateTime, days } from './format';
import { BODY, SIGN_HINT, field, finish, openSlip, para, unitOf } from './frame';
import type { Layout } from './layout/document';
import { drawQr } from './layout/qr';
import { table } from './layout/table';
import { agencySchema, slipDossierSchema, type Agency, type SlipDossier } from './types';
import { parseInput } from './validate';

export interface AppointmentSlipInput {
  agency: Agency;
  dossier: SlipDossier;
}

const schema = z.object({ agency: agencySchema, dossier: slipDossierSchema });
type Parsed = z.output<typeof schema>;
type Person = Parsed['dossier']['applicant'];

const QR_SIZE = 78;

/**
 * Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Circular 03/2025/TT-VPCP; earlier Circular
 * 01/2018/TT-VPCP form 01): what was received, from whom, and when and where the result
 * will be returned, with a QR code to the public lookup page.
 */
export async function appointmentSlip(input: AppointmentSlipInput): Promise<Uint8Array> {
  const { agency, dossier: d } = parseInput(schema, input, 'appointment slip');
  const layout = await openSlip({ agency, title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', date: d.receivedAt });
  layout.paragraph([{ text: 'Mã hồ sơ: ' }, { text: d.code, style: 'bold' }], { size: 13, align: 'center' }, 8);

  para(layout, `${unitOf(agency)} ${agency.name} đã tiếp nhận hồ sơ của:`);
  if (d.submitter) {
    person(layout, 'Người nộp hồ sơ', d.submitter);
    person(layout, 'Chủ hồ sơ (người yêu cầu giải quyết)', d.applicant);
  } else person(layout, 'Người nộp hồ sơ, đồng thời là chủ hồ sơ', d.applicant);
  field(layout, 'Nội dung yêu cầu giải quyết', d.procedureName, true);
  field(layout, 'Hình thức nộp hồ sơ', CHANNEL_LABELS[d.channel]);

  field(layout, '1. Thành phần hồ sơ nộp gồm', `${d.documents.length} loại giấy tờ`);
  table(
    layout,
    [
      { header: 'STT', share: 0.6, align: 'center' },
      { header: 'Tên giấy tờ', share: 5 },
      { header: 'Hình thức', share: 2.2, align: 'center' },
      { header: 'Số lượng', share: 1.1, align: 'center' },
    ],
    d.documents.map((doc, i) => [String(i + 1), doc.name, KIND_LABELS[doc.kind], String(doc.copies).padStart(2, '0')]),
  );
  layout.gap(4);
  field(layout, '2. Số lượng hồ sơ', `${String(d.sets).padStart(2, '0')} bộ`);
  field(layout, '3. Thời gian giải quyết hồ sơ theo quy định', `${days(d.processingDays)} ngày làm việc`);
  field(layout, '4. Thời gian nhận hồ sơ', dateTime(d.receivedAt));
  field(layout, '5. Thời gian trả kết quả giải quyết hồ sơ', dateTime(d.dueAt), true);
  field(layout, '6. Nơi nhận kết quả', d.returnPlace ?? `${unitOf(agency)}, ${agency.address}`);
  lookup(layout, d.lookupUrl, d.accessKey, agency.phone);

  const submitter = d.submitter ?? d.applicant;
  return finish(layout, [
    { title: ['Người nộp hồ sơ'], hint: SIGN_HINT, name: submitter.name },
    { title: ['Người tiếp nhận hồ sơ'], hint: SIGN_HINT, name: d.receivedBy.name },
  ]);
}

/** Name in bold, then ID, phone and address on the lines below. */
function person(layout: Layout, role: string, p: Person): void {
  field(layout, role, `Ông/Bà ${p.name}`, true);
  const contact = [`Số định danh cá nhân/CCCD: ${p.idNumber}`, `Điện thoại: ${p.phone}`, ...(p.email ? [`Email: ${p.email}`] : [])];
  layout.paragraph(contact.join('; '), { ...BODY, align: 'left', indent: 14 }, 2);
  if (p.address) layout.paragraph(`Địa chỉ: ${p.address}`, { ...BODY, align: 'left', indent: 14 }, 2);
}

/**
 * QR code on the left, the lookup address printed beside it for those who cannot scan. With an
 * access key the QR link carries it (`?k=`), and it is printed to be typed in.
 */
function lookup(layout: Layout, url: string, accessKey: string | undefined, phone?: string): void {
  layout.gap(6);
  const ts = { size: 12, leading: 1.2 };
  const right = [
    { rich: 'Tra cứu tình trạng giải quyết hồ sơ: quét mã QR bên cạnh hoặc truy cập địa chỉ', ts },
    { rich: url, ts: { ...ts, style: 'bold' as const } },
    ...(accessKey
      ? [
          { rich: [{ text: 'Mã nhận kết quả: ' }, { text: accessKey, style: 'bold' as const }], ts },
          { rich: 'Nhập mã này cùng 4 số cuối số định danh cá nhân để tải kết quả; không cho người khác biết mã.', ts: { ...ts, size: 11 } },
        ]
      : []),
    ...(phone ? [{ rich: `Điện thoại hỗ trợ: ${phone}`, ts }] : []),
  ];
  const [qr] = layout.columns([
    { x: 0, width: QR_SIZE, items: [{ space: QR_SIZE }] },
    { x: QR_SIZE + 8, width: layout.width - QR_SIZE - 8, items: [{ space: 12 }, ...right] },
  ]);
  drawQr(layout.page, accessKey ? withKey(url, accessKey) : url, layout.left, qr[0].bottom, QR_SIZE);
}

function withKey(url: string, key: string): string {
  const u = new URL(url);
  u.searchParams.set('k', key);
  return u.href;
}
