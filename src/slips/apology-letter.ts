import { InvalidInputError } from '../shared/errors';
import { reason, dossierFacts, field, finish, openSlip, para, salutation, signerSpec, speaker } from './frame';
import { dateTime } from './format';
import { apologyLetterSchema, type ApologyLetterInput } from './types';
import { parseInput } from './validate';

/**
 * Phiếu xin lỗi và hẹn lại ngày trả kết quả (Circular 01/2018/TT-VPCP form 04): the result is
 * late, so the agency apologises, says why and gives a new date, which must be later than the
 * one it replaces.
 */
export async function apologyLetter(input: ApologyLetterInput): Promise<Uint8Array> {
  const p = parseInput(apologyLetterSchema, input, 'apology letter');
  if (p.newDueAt <= p.dossier.dueAt) {
    throw new InvalidInputError('invalid_slip_input', `The new return date (${dateTime(p.newDueAt)}) must be after the original one (${dateTime(p.dossier.dueAt)})`);
  }
  const date = p.issuedAt ?? Date.now();
  const who = speaker(p.agency);
  const layout = await openSlip({ agency: p.agency, title: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả', number: p.number, date });
  salutation(layout, p.dossier.applicant.name);
  para(layout, `${who} đã tiếp nhận giải quyết hồ sơ của Ông/Bà:`, 28);
  dossierFacts(layout, p.dossier);
  field(layout, 'Thời gian hẹn trả kết quả giải quyết hồ sơ', dateTime(p.dossier.dueAt));
  layout.gap(4);
  para(layout, `Tuy nhiên đến nay, ${who} chưa trả kết quả giải quyết hồ sơ của Ông/Bà đúng hạn.`, 28);
  reason(layout, p.reason);
  para(layout, `Sự chậm trễ này đã gây phiền hà, tốn kém chi phí đi lại cho Ông/Bà. ${who} xin lỗi Ông/Bà và sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà vào:`, 28);
  layout.paragraph(dateTime(p.newDueAt), { size: 13, style: 'bold', align: 'center' }, 4);
  para(layout, 'Xin trân trọng cảm ơn!', 28);
  return finish(layout, [signerSpec(p.signer, { title: ['Thủ trưởng cơ quan'], hint: '(Ký, ghi rõ họ tên và đóng dấu)' })]);
}
