/**
 * Public API of the PKI module (issue #4): development hierarchy, key custody, CRL, OCSP and
 * RFC 3161 time-stamping. Signing (src/signing) and verification (src/verify) import from
 * here only. Import @peculiar/x509 via './x509' (it needs reflect-metadata loaded first).
 */
export { initDevPki, defaultTrustDir, pkiUrls, REVOKED_LEADER, EXPIRED_LEADER, type DevPkiOptions } from './dev-pki';
export { ensureDevPki, loadPki, loadTrustAnchors, pemToDer, refreshCrls, type DevPki, type PkiDirectory } from './dev-services';
export { importCredential, type ImportOptions } from './import';
export { readManifest, findCredential, type PkiManifest, type ManifestEntry, type CrlRecord } from './manifest';
export { loadSignerFromP12, assertUsableForSigning, type LoadedSigner, type LoadSignerOptions } from './signer';
export { readPkcs12, writePkcs12, type Pkcs12Contents } from './pkcs12';
export { PinThrottle, type PinThrottleOptions } from './pin-throttle';
export { assertPinFormat } from './pin';
export { checkRevocation, createCrl, type RevocationCheck, type RevocationStatus } from './crl';
export { createOcspResponder, type OcspResponder, type OcspResponderOptions, type RevocationLookup } from './ocsp';
export { createTimeStampAuthority, buildTimeStampRequest, DEV_TSA_POLICY, type TimeStampAuthority, type TimeStampAuthorityOptions } from './tsa';
export { requestTimestamp, parseTimeStampToken, tokenFromResponse, type TimeStampTokenInfo } from './tsa-client';
export { signingCertificateV2, signingCertificateV2Attribute, OID_SIGNING_CERTIFICATE_V2 } from './ess';
export { signSha256, sha256Hex, digest, DEFAULT_KEY_ALGORITHM, type KeyAlgorithmName, type HashName } from './crypto';
export { DEV_CERT_POLICY, type CertRole } from './certificates';
export { WrongPinError, PinLockedError, CertificateUnusableError, MalformedPkiDataError } from './errors';
export { createTestPki, scratchDir, removeScratch, TEST_PIN, TEST_AGENCY, TEST_LEADERS } from './testing';
export { pkiRevocationSource } from './revocation-source';
export { queryOcsp, buildOcspRequest, readOcspResponse, type OcspResult } from './ocsp-client';
