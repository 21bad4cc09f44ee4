import { describe, expect, it } from 'vitest';
import { fromLocal } from '../shared/time';
import { days, placeDate, titleLines, upper } from './format';

describe('slip wording', () => {
  it('writes working days with two digits or a decimal comma', () => {
    expect(days(5)).toBe('05');
    expect(days(15)).toBe('15');
    expect(days(0.5)).toBe('0,5');
  });
  it('writes the place-and-date line in Hà Nội time, capitalised without a place', () => {
    const t = Date.UTC(2026, 10, 24, 18, 0); // 01:00 on 25/11 in Hà Nội
    expect(placeDate('Hà Nội', t)).toBe('Hà Nội, ngày 25 tháng 11 năm 2026');
    expect(placeDate(undefined, fromLocal(2026, 1, 5))).toBe('Ngày 05 tháng 01 năm 2026');
  });
  it('splits signer titles on "/" or newlines and capitalises Vietnamese in NFC', () => {
    expect(titleLines('KT. Chủ tịch / Phó chủ tịch')).toEqual(['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']);
    expect(titleLines(['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'])).toEqual(['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH']);
    expect(upper('phường Ba Đình, ấp Ưu Đàm'.normalize('NFD'))).toBe('PHƯỜNG BA ĐÌNH, ẤP ƯU ĐÀM');
  });
});
