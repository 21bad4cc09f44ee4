import type { ResultDocumentMaker, ResultInput } from './ports';

/**
 * Builds the result document (kết quả giải quyết) from the procedure's template and the
 * specialist's text, with its two EMPTY signature fields (leader's and seal's) already in
 * place: each later signature only fills its own field in an incremental update, which the
 * leader's DocMDP lock allows (adding a field after the lock would not be).
 */
export function createResultMaker(): ResultDocumentMaker {
  return {
    async make(input: ResultInput) {
      const { resultDocument } = await import('../slips'); // loaded on first use: fonts and layout are heavy
      const { addSignatureFields } = await import('../signing'); // and pdf-lib with fontkit
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
      const { leader, seal } = signatureBoxes;
      return addSignatureFields(pdf, [
        { name: 'leader', page: leader.page, rect: leader },
        { name: 'seal', page: seal.page, rect: seal },
      ]);
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
