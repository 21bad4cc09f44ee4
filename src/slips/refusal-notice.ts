import { reason, SIGN_HINT, dossierFacts, finish, openSlip, para, salutation, signerSpec, speaker } from './frame';
import { refusalNoticeSchema, type RefusalNoticeInput } from './types';
import { parseInput } from './validate';

/**
 * Phiếu từ chối tiếp nhận, giải quyết hồ sơ (Circular 01/2018/TT-VPCP form 03): refused at
 * the desk (incomplete or out of scope) or after appraisal, always with the reason.
 */
export async function refusalNotice(input: RefusalNoticeInput): Promise<Uint8Array> {
  const p = parseInput(refusalNoticeSchema, input, 'refusal notice');
  const date = p.issuedAt ?? Date.now();
  const layout = await openSlip({ agency: p.agency, title: 'Phiếu từ chối tiếp nhận, giải quyết hồ sơ', number: p.number, date });
  salutation(layout, p.dossier.applicant.name);
  dossierFacts(layout, p.dossier);
  layout.gap(4);
  const what = p.stage === 'reception' ? 'tiếp nhận' : 'giải quyết';
  const basis = p.legalBasis ? `Căn cứ ${p.legalBasis}, ` : '';
  para(layout, `${basis}${speaker(p.agency)} từ chối ${what} hồ sơ nêu trên với lý do cụ thể như sau:`, 28);
  reason(layout, p.reason);
  para(layout, 'Xin thông báo để Ông/Bà biết và thực hiện.', 28);
  const fallback = p.stage === 'reception' ? ['Người tiếp nhận hồ sơ'] : ['Thủ trưởng cơ quan'];
  return finish(layout, [signerSpec(p.signer, { title: fallback, hint: SIGN_HINT })]);
}
