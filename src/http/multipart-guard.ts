import { PayloadTooLargeError } from '../shared/errors';

export interface PartLimits {
  /** Largest part, headers included. */
  maxPartBytes: number;
  maxParts: number;
  /** Largest body in all (a chunked body declares no length to check beforehand). */
  maxTotalBytes?: number;
}

/**
 * A pass-through stream over a multipart body that counts the bytes of each part as they
 * arrive and stops at the first part over `maxPartBytes` (or at part `maxParts + 1`, or past
 * `maxTotalBytes` in all). The
 * form parser (undici's `formData()`) only answers once it has buffered the whole body, so
 * without this an oversize file is found only after every byte of the request is in memory;
 * with it, reading stops one chunk past the offending part's limit.
 *
 * It only looks for the delimiter (`CRLF--boundary`); parsing stays with the form parser. The
 * error it stops with is kept in `violation`, since the parser reports a stream error as its own.
 */
export function multipartGuard(boundary: string, limits: PartLimits) {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let carry: Buffer = Buffer.from('\r\n'); // the body's first delimiter has no CRLF before it
  let partBytes = 0;
  let delimiters = 0;
  let total = 0;
  const state: { violation?: PayloadTooLargeError; stream: TransformStream<Uint8Array, Uint8Array> } = {
    stream: new TransformStream({
      transform(chunk, controller) {
        total += chunk.length;
        const buf = Buffer.concat([carry, chunk]);
        let from = 0;
        for (let at = buf.indexOf(delimiter); at >= 0; at = buf.indexOf(delimiter, from)) {
          partBytes += at - from;
          check();
          delimiters++;
          partBytes = 0;
          from = at + delimiter.length;
        }
        // Keep what could be the start of a delimiter split across chunks; count the rest now.
        const keep = Math.min(delimiter.length - 1, buf.length - from);
        partBytes += buf.length - from - keep;
        carry = buf.subarray(buf.length - keep);
        check();
        if (state.violation) controller.error(state.violation);
        else controller.enqueue(chunk);
      },
    }),
  };
  function check() {
    if (state.violation) return;
    // Parts are what lies between delimiters: the closing delimiter ends the last one.
    if (limits.maxTotalBytes !== undefined && total > limits.maxTotalBytes) {
      state.violation = new PayloadTooLargeError('payload_too_large', `The request body exceeds ${limits.maxTotalBytes} bytes, the limit for this route`, { limit: limits.maxTotalBytes });
    } else if (delimiters > limits.maxParts + 1) {
      state.violation = new PayloadTooLargeError('too_many_parts', `The form has more than ${limits.maxParts} parts`, { limit: limits.maxParts });
    } else if (partBytes > limits.maxPartBytes) {
      state.violation = new PayloadTooLargeError('file_too_large', `A part of the form is larger than ${limits.maxPartBytes} bytes`, { limit: limits.maxPartBytes });
    }
  }
  return state;
}

/** The boundary parameter of a multipart Content-Type (quoted or not). */
export function boundaryOf(contentType: string): string | undefined {
  return /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)?.slice(1).find(Boolean);
}
