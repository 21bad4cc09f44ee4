import { describe, expect, it } from 'vitest';
import { showsText } from './content-scan';

const shows = (s: string) => showsText(Buffer.from(s, 'latin1'));

describe('showsText (content stream tokens)', () => {
  it('finds the text-showing operators inside a text object, with their operands', () => {
    expect(shows('BT /F1 12 Tf 72 700 Td (Thu tuc) Tj ET')).toBe(true);
    expect(shows('BT /F1 12 Tf [(A) -120 (B)] TJ ET')).toBe(true);
    expect(shows("BT /F1 12 Tf 14 TL (line one) ' ET")).toBe(true);
    expect(shows('BT /F1 12 Tf 0 0 (two) " ET')).toBe(true);
    expect(shows('BT /F1 12 Tf <0041> Tj ET')).toBe(true);
    expect(shows('q 1 0 0 1 0 0 cm BT\n/F1 9 Tf\n(a)Tj\nET Q')).toBe(true);
  });

  it('does not take bytes of strings, comments, names or image data for operators', () => {
    expect(shows('q 595 0 0 842 0 0 cm /Im0 Do Q')).toBe(false);
    expect(shows('% BT (x) Tj ET\nq /Im0 Do Q')).toBe(false);
    expect(shows('(BT \\(x\\) Tj ET) pop')).toBe(false);
    expect(shows('/BT /Tj /ET')).toBe(false);
    expect(shows('(x) Tj')).toBe(false); // outside a text object
    expect(shows('q BI /W 4 /H 1 /BPC 8 /CS /G ID BT (x) Tj ET\nEI Q')).toBe(false);
  });

  it('does not count show operators that have nothing to show', () => {
    expect(shows("BT '\n".repeat(10))).toBe(false);
    expect(shows('BT 12 Tj ET')).toBe(false);
    expect(shows('BT (a) TJ ET')).toBe(false);
  });

  it('reads the regex bomb of issue 12 (18.6 KB, 17 s for the old regex) in well under a second, and 100 times it in linear time', () => {
    const bomb = "BT '\n".repeat(3720);
    let t = performance.now();
    expect(shows(bomb)).toBe(false);
    expect(performance.now() - t).toBeLessThan(1_000);
    for (const unit of ["BT '\n", 'BT Tj\n', 'BT (']) {
      t = performance.now();
      expect(shows(unit.repeat(372_000))).toBe(false); // ~1.9 MB: cubic would be 10^6 times the above
      expect(performance.now() - t, unit).toBeLessThan(5_000);
    }
  });
});
