import { describe, expect, it } from 'vitest';
import { applicantSchema, cccdProblem } from './applicant';
import { sniffMime } from './uploads';

describe('CCCD validation', () => {
  it('accepts well-formed numbers', () => {
    expect(cccdProblem('001085012345')).toBeUndefined(); // Hà Nội, male, 1985
    expect(cccdProblem('079303000123')).toBeUndefined(); // TP.HCM, female, 2003
  });
  it.each([
    ['12345', /12 digits/],
    ['00108501234a', /12 digits/],
    ['003085012345', /province code 003/],
    ['001399012345', /future/],
  ])('rejects %s', (id, why) => expect(cccdProblem(id, new Date('2026-11-23'))).toMatch(why));

  it('normalises names to NFC and phones to digits', () => {
    const decomposed = 'Nguyễn Thị Ánh Tuyết'.normalize('NFD');
    const a = applicantSchema.parse({ applicantName: ` ${decomposed} `, applicantId: '001085012345', applicantPhone: '0912.345.678' });
    expect(a.applicantName).toBe('Nguyễn Thị Ánh Tuyết'.normalize('NFC'));
    expect(a.applicantPhone).toBe('0912345678');
  });
});

describe('content sniffing', () => {
  it('recognises the accepted formats by their bytes', () => {
    expect(sniffMime(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffMime(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
    expect(sniffMime(new Uint8Array([0x49, 0x49, 0x2a, 0x00]))).toBe('image/tiff');
    expect(sniffMime(new TextEncoder().encode('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffMime(new TextEncoder().encode('MZ\x90\x00 not a document'))).toBeUndefined();
  });
});
