import { describe, expect, it } from 'vitest';
import { fromLocal } from '../shared/time';
import { documentState, vnDay, vnDayTime } from './format';
import { cccdMessage } from './messages';
import { fold } from './fold';

describe('web formatting', () => {
  it('dates are dd/MM/yyyy in Asia/Ho_Chi_Minh whatever the server TZ (23:30 on the 23rd is still the 23rd)', () => {
    const late = fromLocal(2026, 11, 23, 23, 30); // 16:30 UTC
    expect(vnDay(late)).toBe('23/11/2026');
    expect(vnDayTime(fromLocal(2026, 1, 5, 7, 5))).toBe('07:05 05/01/2026');
  });

  it('document states in the counter’s words', () => {
    expect(documentState({ status: 'queued', pagesDone: null, pageCount: null, error: null }).text).toBe('Chờ số hóa');
    expect(documentState({ status: 'processing', pagesDone: 3, pageCount: 5, error: null }).text).toBe('Đang số hóa (3/5 trang)');
    expect(documentState({ status: 'done', pagesDone: 5, pageCount: 5, error: null })).toEqual({ text: 'Đã số hóa', tone: 'green' });
    expect(documentState({ status: 'failed', pagesDone: 0, pageCount: null, error: 'ảnh hỏng' }).text).toBe('Lỗi: ảnh hỏng');
  });

  it('the domain’s CCCD rule said in Vietnamese', () => {
    expect(cccdMessage('001085012345')).toBeUndefined();
    expect(cccdMessage('00108501234')).toBe('Số CCCD phải gồm đúng 12 chữ số');
    expect(cccdMessage('999085012345')).toBe('Mã tỉnh 999 (3 chữ số đầu) không tồn tại');
    expect(cccdMessage('001299012345')).toBe('Số CCCD mang năm sinh 2099, là năm trong tương lai');
  });

  it('folds Vietnamese for matching, in NFC or NFD input alike', () => {
    expect(fold('Đăng ký khai sinh')).toBe('dang ky khai sinh');
    expect(fold('Đăng ký'.normalize('NFD'))).toBe('dang ky');
  });
});
