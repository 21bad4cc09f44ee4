import { TIMELINESS_LABELS, dateTime, timeliness } from './format';
import { field, finish, openSlip, para, speaker } from './frame';
import { table } from './layout/table';
import { processControlSchema, type ProcessControlInput, type Timeliness } from './types';
import { parseInput } from './validate';

/**
 * Phiếu kiểm soát quá trình giải quyết hồ sơ (Circular 01/2018/TT-VPCP form 05): the dossier's
 * facts, then one row per hand-off with giver, receiver, time, outcome and whether the step
 * was early, on time or late. The mark is taken from the input, or derived from the step's
 * deadline; without either the cell stays empty rather than guessing.
 */
export async function processControlSlip(input: ProcessControlInput): Promise<Uint8Array> {
  const p = parseInput(processControlSchema, input, 'process-control slip');
  const d = p.dossier;
  const date = p.issuedAt ?? Date.now();
  const layout = await openSlip({ agency: p.agency, title: 'Phiếu kiểm soát quá trình giải quyết hồ sơ', date });
  field(layout, 'Mã hồ sơ', d.code, true);
  para(layout, `(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả mã hồ sơ ${d.code})`);
  field(layout, 'Người yêu cầu giải quyết', `${d.applicant.name}; điện thoại ${d.applicant.phone}`);
  field(layout, 'Nội dung yêu cầu giải quyết', d.procedureName);
  field(layout, 'Thời gian tiếp nhận', dateTime(d.receivedAt));
  field(layout, 'Thời gian hẹn trả kết quả', dateTime(d.dueAt), true);
  field(layout, 'Cơ quan (bộ phận) giải quyết hồ sơ', speaker(p.agency));
  if (p.coordinatingBodies?.length) field(layout, 'Cơ quan phối hợp giải quyết hồ sơ', p.coordinatingBodies.join('; '));
  layout.gap(6);
  table(
    layout,
    [
      { header: 'STT', share: 0.75, align: 'center' },
      { header: 'Bên giao', share: 1.9 },
      { header: 'Bên nhận', share: 1.9 },
      { header: 'Thời gian giao, nhận', share: 2.1 },
      { header: 'Kết quả, ghi chú', share: 2.5 },
      { header: 'Đánh giá', share: 1.45, align: 'center' },
    ],
    p.steps.map((s, i) => {
      const mark: Timeliness | undefined = s.mark ?? (s.dueAt === undefined ? undefined : timeliness(s.at, s.dueAt));
      const outcome = s.note ? `${s.outcome}. ${s.note}` : s.outcome;
      return [String(i + 1), s.from, s.to, dateTime(s.at), outcome, mark ? TIMELINESS_LABELS[mark] : ''];
    }),
    11.5,
  );
  if (p.steps.length === 0) para(layout, '(Hồ sơ chưa được chuyển giao.)');
  return finish(layout, [{ title: ['Người lập phiếu'], hint: '(Ký và ghi rõ họ tên)' }]);
}
