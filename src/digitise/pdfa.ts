import { createHash, randomUUID } from 'node:crypto';
import { PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { SRGB_DESCRIPTION, srgbProfile } from './icc';

export interface ArchiveMetadata {
  title: string;
  /** Defaults to now; whole seconds so the Info dictionary and XMP agree exactly. */
  date?: Date;
}

const PRODUCER = 'taicho digitise (pdf-lib)';

/**
 * PDF/A-2b identification (lưu trữ): XMP with pdfaid part 2 / conformance B mirroring the
 * Info dictionary, an sRGB output intent, and a document ID in the trailer. The caller must
 * also embed every font and use no transparency (the page builder does both).
 */
export function markPdfA2b(doc: PDFDocument, meta: ArchiveMetadata): void {
  const date = new Date(Math.floor((meta.date ?? new Date()).getTime() / 1000) * 1000);
  const title = meta.title.normalize('NFC');
  const uuid = randomUUID();
  doc.setTitle(title);
  doc.setProducer(PRODUCER);
  doc.setCreator('taicho');
  doc.setCreationDate(date);
  doc.setModificationDate(date);

  const xmp = doc.context.stream(new Uint8Array(Buffer.from(xmpPacket(title, date, uuid), 'utf8')), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(xmp));

  const icc = doc.context.flateStream(srgbProfile(), { N: 3 });
  const intent = doc.context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of(SRGB_DESCRIPTION),
    Info: PDFString.of(SRGB_DESCRIPTION),
    DestOutputProfile: doc.context.register(icc),
  });
  doc.catalog.set(PDFName.of('OutputIntents'), doc.context.obj([intent]));

  const id = PDFHexString.of(createHash('md5').update(uuid).digest('hex'));
  doc.context.trailerInfo.ID = doc.context.obj([id, id]);
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function xmpPacket(title: string, date: Date, uuid: string): string {
  const iso = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(title)}</rdf:li></rdf:Alt></dc:title>
   <xmp:CreatorTool>taicho</xmp:CreatorTool>
   <xmp:CreateDate>${iso}</xmp:CreateDate>
   <xmp:ModifyDate>${iso}</xmp:ModifyDate>
   <xmp:MetadataDate>${iso}</xmp:MetadataDate>
   <pdf:Producer>${PRODUCER}</pdf:Producer>
   <xmpMM:DocumentID>uuid:${uuid}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:${uuid}</xmpMM:InstanceID>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}
