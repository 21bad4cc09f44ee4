import { reason, SIGN_HINT, dossierFacts, finish, openSlip, para, salutation, signerSpec, speaker } from './frame';
import { dateOnly } from './format';
import { stopNoticeSchema, type StopNoticeInput } from './types';
import { parseInput } from './validate';

/**
 * Thông báo dừng xử lý hồ sơ: the citizen withdrew the dossier, or the agency stopped
 * processing it. Either way the reason is stated and the papers are handed back.
 */
export async function stopNotice(input: StopNoticeInput): Promise<Uint8Array> {
  const p = parseInput(stopNoticeSchema, input, 'stop notice');
  const date = p.issuedAt ?? Date.now();
  const who = speaker(p.agency);
  const layout = await openSlip({ agency: p.agency, title: 'Thông báo', subtitle: 'Về việc dừng xử lý hồ sơ', number: p.number, date });
  salutation(layout, p.dossier.applicant.name);
  dossierFacts(layout, p.dossier);
  layout.gap(4);
  const opening =
    p.cause === 'withdrawn'
      ? `${capital(dateOnly(date))}, Ông/Bà đã có yêu cầu rút hồ sơ nêu trên.`
      : `${who} dừng xử lý hồ sơ nêu trên.`;
  para(layout, opening, 28);
  reason(layout, p.reason);
  para(layout, `${who} thông báo dừng xử lý hồ sơ và trả lại hồ sơ cho Ông/Bà theo quy định. Ông/Bà vui lòng liên hệ ${who} để nhận lại hồ sơ.`, 28);
  para(layout, 'Xin thông báo để Ông/Bà biết.', 28);
  const fallback = p.cause === 'withdrawn' ? ['Người tiếp nhận hồ sơ'] : ['Thủ trưởng cơ quan'];
  return finish(layout, [signerSpec(p.signer, { title: fallback, hint: SIGN_HINT })]);
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
