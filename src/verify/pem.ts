import { fromBase64, latin1 } from './bytes';

/**
 * PEM (possibly several blocks, of any label) → DER list; DER passes through. The one reader
 * of certificate and CRL files: the verifier's trust folder (./node/trust-folder) and the
 * development PKI (src/pki) both use it.
 */
export function splitPem(bytes: Uint8Array): Uint8Array[] {
  // The whole text: openssl writes "Bag Attributes" and other headers before the first block.
  const text = latin1(bytes);
  if (!text.includes('-----BEGIN')) return [bytes];
  return [...text.matchAll(/-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)-----END [A-Z0-9 ]+-----/g)].map((m) => fromBase64(m[1]));
}
