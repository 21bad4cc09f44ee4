import type { ResultDocumentMaker, ResultInput } from './ports';

/** Signature-field preparation plugged in by the signing capability (issue #4), when present. */
export type FieldPreparer = (pdf: Uint8Array, boxes: { leader: unknown; seal: unknown }) => Promise<Uint8Array> | Uint8Array;

/**
 * Builds the result document (kết quả giải quyết) from the procedure's template and the
 * specialist's text. When signing is available, the two empty signature fields (leader's and
 * seal's) are added now, so that each later signature only fills its own field.
 */
export function createResultMaker(prepareFields?: FieldPreparer): ResultDocumentMaker {
  return {
    async make(input: ResultInput) {
      const { resultDocument } = await import('../slips'); // loaded on first use: fonts and layout are heavy
      const { pdf, signatureBoxes } = await resultDocument({
        agency: { ...input.agency, unitName: 'Bộ phận Một cửa' },
        number: `${input.dossierCode.slice(-4)}/${resultSymbol(input.procedure.field)}`,
        dossierCode: input.dossierCode,
        issuedAt: input.issuedAt,
        title: input.title || input.procedure.resultTemplate.title,
        body: [input.procedure.resultTemplate.intro, ...splitParagraphs(input.body)],
        signer: { title: input.signer.title, name: input.signer.name },
        recipients: [`Ông/Bà ${input.applicantName}`, 'Lưu: VT, BPMC'],
      });
      return prepareFields ? prepareFields(pdf, signatureBoxes) : pdf;
    },
  };
}

function splitParagraphs(body: string): string[] {
  return body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** Số ký hiệu suffix by field: QĐ for decisions (land, construction), GCN otherwise. */
function resultSymbol(field: string): string {
  return /Đất đai|Xây dựng/.test(field) ? 'QĐ-UBND' : 'GCN-UBND';
}
