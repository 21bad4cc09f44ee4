import fc from 'fast-check';

/** A FormData as the bytes and Content-Type a browser or curl would send. */
export async function formBytes(form: FormData): Promise<{ contentType: string; bytes: Uint8Array }> {
  const req = new Request('http://localhost/', { method: 'POST', body: form });
  return { contentType: req.headers.get('content-type')!, bytes: new Uint8Array(await req.arrayBuffer()) };
}

const CRLF = '\r\n';
const headerLine = fc.oneof(
  fc.constantFrom(
    'Content-Disposition: form-data; name="files"; filename="a.png"',
    'Content-Disposition: form-data; name="file"; filename="x.pdf"',
    'Content-Disposition: form-data; name="procedureCode"',
    'Content-Disposition: form-data; name="documents"',
    'Content-Disposition: form-data; name=""; filename=""',
    'Content-Disposition: form-data; name="files"; filename*=UTF-8\'\'%E1%BB%91%ZZ',
    'Content-Disposition: attachment',
    'Content-Disposition: form-data; name="a\u0000b"',
    'Content-Type: image/png',
    'Content-Type: application/pdf; charset=',
    'Content-Transfer-Encoding: base64',
    `X-Long: ${'x'.repeat(9000)}`,
  ),
  fc.string({ maxLength: 120 }),
);
const part = fc.record({ headers: fc.array(headerLine, { maxLength: 4 }), body: fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('1.001193', 'Nguyễn Thị Ánh Tuyết', '001085012345', '[{"name":"x","kind":"y","copies":1}]', '[]', '%PDF-1.7\n%%EOF', '\x89PNG\r\n\x1a\n')) });

/** A multipart body built from random parts, boundaries and Content-Types (well-formed or not). */
export const randomMultipart = fc
  .record({
    boundary: fc.oneof(fc.constant('----taicho'), fc.string({ minLength: 1, maxLength: 90 }).filter((s) => !/[\r\n]/.test(s))),
    preamble: fc.oneof(fc.constant(''), fc.string({ maxLength: 40 })),
    parts: fc.array(part, { maxLength: 6 }),
    close: fc.constantFrom('--\r\n', '--', '', '\r\n', '-'),
    header: fc.constantFrom('plain', 'quoted', 'none', 'other', 'text/plain', 'upper', 'twice'),
  })
  .map(({ boundary, preamble, parts, close, header }) => {
    const body =
      preamble +
      parts.map((p) => `--${boundary}${CRLF}${p.headers.join(CRLF)}${CRLF}${CRLF}${p.body}${CRLF}`).join('') +
      (close === '' ? '' : `--${boundary}${close}`);
    const contentType = {
      plain: `multipart/form-data; boundary=${boundary}`,
      quoted: `multipart/form-data; boundary="${boundary}"`,
      none: 'multipart/form-data',
      other: 'multipart/form-data; boundary=elsewhere',
      'text/plain': 'text/plain',
      upper: `MULTIPART/FORM-DATA; BOUNDARY=${boundary}`,
      twice: `multipart/form-data; boundary=${boundary}; boundary=x`,
    }[header];
    return { contentType: contentType.replace(/[\r\n\u0000-\u001f\u007f-\uffff]/g, '?'), bytes: new Uint8Array(Buffer.from(body, 'utf8')) };
  });

/** Pieces of multipart syntax spliced into valid bodies by the mutator. */
export function multipartTokens(boundary: string): Uint8Array[] {
  return [`\r\n--${boundary}\r\n`, `\r\n--${boundary}--\r\n`, 'Content-Disposition: form-data; name="files"; filename="b.png"\r\n\r\n', '\r\n\r\n', `--${boundary}`].map((s) => new Uint8Array(Buffer.from(s)));
}
