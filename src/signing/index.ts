/**
 * Public API of PAdES signing (issue #4): signature fields, the CAdES signer(s), incremental
 * signing (leader, seal on top, certified copies), external two-step signing and B-LT DSS.
 */
export { addSignatureFields, createSignatureField, signatureFields, type FieldSpec, type Rect } from './fields';
export { signPdf, prepareExternal, completeExternal, certifyCopy, externalStateToJson, externalStateFromJson, type SignOptions, type SignPdfOptions, type ExternalPrepared, type ExternalSigningState, type CertifyCopyOptions } from './sign-pdf';
export { LocalKeySigner, DigestSigner, createCadesSignature, type Signer, type DigestSigningFunction } from './signer';
export { assembleCms, signedAttributesDer, type TsaClient, type CmsParts } from './cades';
export { addDss, type ValidationMaterial } from './dss';
export { addDocumentTimestamp, addArchiveTimestamp } from './doc-timestamp';
export { validationMaterial, vriKey, type RevocationSource, type LtvMaterial } from './ltv';
export { defaultSealImage, defaultSignatureImage } from './images';
export { vietnamIso, type Appearance } from './appearance';
export { leaderAppearance, sealAppearance } from './presets';
export { lastXref, openForUpdate, writeUpdate } from './incremental';
