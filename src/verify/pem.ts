import { fromBase64, latin1 } from './bytes';

/**
 * PEM (possibly several blocks, of any label) → DER list; DER passes through. The one reader
 * of certificate and CRL files: the verifier's trust folder (./node/trust-folder) and the
 * development PKI (src/pki) both use it.
 */
export function splitPem(bytes: Uint8Array): Uint8Array[] {
  if (!latin1(bytes, 0, Math.min(bytes.length, 64)).includes('-----BEGIN')) return [bytes];
  return [...latin1(bytes).matchAll(/-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)-----END [A-Z0-9 ]+-----/g)].map((m) => fromBase64(m[1]));
}
