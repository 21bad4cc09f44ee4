import { reason, SIGN_HINT, dossierFacts, finish, numbered, openSlip, para, salutation, signerSpec, speaker } from './frame';
import { supplementRequestSchema, type SupplementRequestInput } from './types';
import { parseInput } from './validate';

/**
 * Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Circular 01/2018/TT-VPCP form 02): the items the
 * citizen must still provide, why, and who to call for guidance.
 */
export async function supplementRequest(input: SupplementRequestInput): Promise<Uint8Array> {
  const p = parseInput(supplementRequestSchema, input, 'supplement request');
  const date = p.issuedAt ?? Date.now();
  const layout = await openSlip({ agency: p.agency, title: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', number: p.number, date });
  salutation(layout, p.dossier.applicant.name);
  dossierFacts(layout, p.dossier);
  layout.gap(4);
  para(layout, `Sau khi nghiên cứu, kiểm tra thành phần hồ sơ, ${speaker(p.agency)} đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:`, 28);
  numbered(layout, p.missingItems);
  reason(layout, p.reason);
  para(layout, 'Thời hạn giải quyết hồ sơ được tính lại kể từ khi nhận đủ hồ sơ bổ sung, hoàn thiện theo quy định.', 28);
  const phone = p.contact?.phone ?? p.agency.phone;
  if (phone) {
    const who = p.contact ? `${p.contact.name}, ` : `${speaker(p.agency)}, `;
    para(layout, `Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ ${who}số điện thoại ${phone} để được hướng dẫn.`, 28);
  }
  para(layout, 'Xin trân trọng cảm ơn!', 28);
  return finish(layout, [signerSpec(p.signer, { title: ['Người hướng dẫn'], hint: SIGN_HINT })]);
}
