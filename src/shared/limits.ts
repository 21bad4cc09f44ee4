/** Size limits shared by the domain (which checks what it stores) and HTTP (which stops reading). */

/** A leader's signature image or the agency's seal image (PNG). */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

/** An OCSP or RFC 3161 time-stamp request (DER); real ones are a few hundred bytes. */
export const MAX_DER_REQUEST_BYTES = 64 * 1024;

/** Room in a multipart body for part headers, boundaries and the small text fields. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
