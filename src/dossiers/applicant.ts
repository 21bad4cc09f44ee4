import { z } from 'zod';

/**
 * Province codes in the first three digits of a citizen identity number (CCCD), per
 * Circular 07/2016/TT-BCA (the 63 provinces; cards issued before the 2025 mergers keep them).
 */
const PROVINCE_CODES = new Set(
  '001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096'.split(
    ' ',
  ),
);

/**
 * Checks the structure of a 12-digit CCCD: province code, then a digit for gender and
 * century of birth (0/1 → 1900s, 2/3 → 2000s, …), then the last two digits of the birth year,
 * which cannot lie in the future. Returns a reason when invalid.
 */
export function cccdProblem(id: string, now: Date = new Date()): string | undefined {
  if (!/^\d{12}$/.test(id)) return 'must be exactly 12 digits';
  if (!PROVINCE_CODES.has(id.slice(0, 3))) return `province code ${id.slice(0, 3)} does not exist`;
  const centuryDigit = Number(id[3]);
  const year = 1900 + Math.floor(centuryDigit / 2) * 100 + Number(id.slice(4, 6));
  if (year > now.getUTCFullYear()) return `encodes birth year ${year}, which is in the future`;
  return undefined;
}

const nfc = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ');

export const applicantSchema = z.object({
  applicantName: z.string().transform(nfc).pipe(z.string().min(1, 'applicantName is required').min(2, 'applicantName must be the full name (at least 2 letters)').max(120)),
  applicantId: z
    .string()
    .trim()
    .superRefine((v, ctx) => {
      const problem = cccdProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: `applicantId (CCCD) ${problem}` });
    }),
  applicantPhone: z
    .string()
    .transform((s) => s.replace(/[\s.-]/g, ''))
    .pipe(z.string().regex(/^(\+84|0)\d{9,10}$/, 'applicantPhone must be a Vietnamese phone number (0… or +84…)')),
  applicantAddress: z.string().transform(nfc).pipe(z.string().max(300)).optional(),
});

export type Applicant = z.infer<typeof applicantSchema>;
