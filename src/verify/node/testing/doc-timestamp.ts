import { PdfDocument } from '../../pdf/document';
import { isRef, type PdfValue } from '../../pdf/objects';
import { appendRevision, sha256 } from './pdf-fixtures';

/**
 * A PAdES document time-stamp (ETSI.RFC3161) added as an incremental update: a new signature
 * field in the form's /Fields, its /DocTimeStamp dictionary, then the ByteRange and the token
 * (from `tokenFor(digest of the covered bytes)`, e.g. `openssl ts -reply`) written in place.
 */
const CONTENTS_HEX = 8192;
const BR_WIDTH = 60;

export function serialise(v: PdfValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `[${v.map(serialise).join(' ')}]`;
  switch (v.t) {
    case 'name': return `/${v.v.replace(/[^!-~]|[#()<>[\]{}/%]/g, (c) => `#${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}`;
    case 'str': return `<${Buffer.from(v.bytes).toString('hex')}>`;
    case 'ref': return `${v.num} ${v.gen} R`;
    case 'dict': return `<< ${[...v.map].map(([k, x]) => `${serialise({ t: 'name', v: k })} ${serialise(x)}`).join(' ')} >>`;
    case 'stream': throw new Error('streams are not re-serialised here');
  }
}

export function addDocumentTimestamp(pdf: Uint8Array, tokenFor: (digest: Uint8Array) => Uint8Array): Uint8Array {
  const doc = new PdfDocument(pdf);
  const acroRef = doc.catalog()?.map.get('AcroForm');
  const acro = doc.dict(acroRef);
  if (!isRef(acroRef) || !acro) throw new Error('fixture expects an indirect /AcroForm (a signed PDF)');
  const size = Number(doc.revisions[doc.last].trailer.map.get('Size'));
  const [sigNum, fieldNum] = [size, size + 1];
  const fields = doc.resolve(acro.map.get('Fields'));
  const newAcro = { t: 'dict' as const, map: new Map(acro.map) };
  newAcro.map.set('Fields', [...(Array.isArray(fields) ? fields : []), { t: 'ref', num: fieldNum, gen: 0 }]);
  const placeholderBr = `[0 ${'0'.repeat(10)} ${'0'.repeat(10)} ${'0'.repeat(10)}]`.padEnd(BR_WIDTH);
  const sig = `<< /Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 /ByteRange ${placeholderBr} /Contents <${'0'.repeat(CONTENTS_HEX)}> >>`;
  const field = `<< /FT /Sig /T (DauThoiGian) /V ${sigNum} 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 >>`;
  const out = Buffer.from(appendRevision(pdf, [
    { num: acroRef.num, body: serialise(newAcro) },
    { num: sigNum, body: sig },
    { num: fieldNum, body: field },
  ]));
  const brAt = out.indexOf(placeholderBr, pdf.length);
  const contentsAt = out.indexOf(`<${'0'.repeat(CONTENTS_HEX)}>`, pdf.length);
  const gapEnd = contentsAt + CONTENTS_HEX + 2;
  const br = `[0 ${contentsAt} ${gapEnd} ${out.length - gapEnd}]`.padEnd(BR_WIDTH);
  out.write(br, brAt, 'latin1');
  const digest = sha256(Buffer.concat([out.subarray(0, contentsAt), out.subarray(gapEnd)]));
  const hex = Buffer.from(tokenFor(digest)).toString('hex');
  if (hex.length > CONTENTS_HEX) throw new Error('time-stamp token larger than the placeholder');
  out.write(hex.padEnd(CONTENTS_HEX, '0'), contentsAt + 1, 'latin1');
  return new Uint8Array(out);
}
