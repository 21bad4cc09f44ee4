/** Vietnamese text folded for matching: no tone marks, đ → d, lower case ("Đăng ký" → "dang ky"). */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{Mn}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().normalize('NFC');
}
