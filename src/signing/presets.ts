import { vietnamIso, type Appearance } from './appearance';
import { defaultSealImage, defaultSignatureImage } from './images';

/**
 * The two appearances of Decree 30/2020 Appendix I: the leader's handwritten signature with
 * name, agency and signing time as small text; the agency's seal alone (its field is placed
 * by src/slips to cover the left third of the leader's signature, and being signed later its
 * widget is drawn on top).
 */

export async function leaderAppearance(o: { signerName: string; agency: string; at: Date; image?: Uint8Array }): Promise<Appearance> {
  return {
    image: o.image ?? (await defaultSignatureImage(o.signerName)),
    lines: [o.signerName, o.agency, `Ký ngày: ${vietnamIso(o.at)}`],
    // Right-aligned: the seal covers the box's left third, the text stays readable.
    align: 'right',
  };
}

export async function sealAppearance(o: { agency: string; image?: Uint8Array }): Promise<Appearance> {
  return { image: o.image ?? (await defaultSealImage(o.agency)) };
}
