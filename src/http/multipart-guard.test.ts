import { describe, expect, it } from 'vitest';
import { boundaryOf, multipartGuard, type PartLimits } from './multipart-guard';

async function encoded(form: FormData) {
  const res = new Response(form);
  return { bytes: new Uint8Array(await res.arrayBuffer()), type: res.headers.get('content-type')! };
}

/** Feeds the body through the guard in `size`-byte chunks (delimiters get split) and parses it. */
async function parse(form: FormData, limits: PartLimits, size: number) {
  const { bytes, type } = await encoded(form);
  const guard = multipartGuard(boundaryOf(type)!, limits);
  let at = 0;
  const source = new ReadableStream<Uint8Array>({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(bytes.slice(at, (at += size)));
    },
  });
  try {
    return { form: await new Response(source.pipeThrough(guard.stream), { headers: { 'content-type': type } }).formData() };
  } catch (e) {
    return { error: guard.violation ?? e };
  }
}

function sample(fileBytes: number) {
  const form = new FormData();
  form.set('note', 'Đã bổ sung');
  form.append('files', new Blob([new Uint8Array(fileBytes).fill(7)]), 'a.png');
  form.append('files', new Blob([new Uint8Array(10)]), 'b.png');
  return form;
}

describe('multipartGuard', () => {
  it.each([1, 7, 64, 4096])('passes a form within the limits unchanged (chunks of %i bytes)', async (size) => {
    const { form } = await parse(sample(5000), { maxPartBytes: 5000 + 200, maxParts: 3 }, size);
    expect((form!.getAll('files') as File[]).map((f) => f.size)).toEqual([5000, 10]);
    expect(form!.get('note')).toBe('Đã bổ sung');
  });

  it.each([1, 7, 4096])('stops at a part over the limit (chunks of %i bytes)', async (size) => {
    const { error } = await parse(sample(5000), { maxPartBytes: 4999, maxParts: 3 }, size);
    expect(error).toMatchObject({ code: 'file_too_large', httpStatus: 413 });
  });

  it('stops at one part too many', async () => {
    const { error } = await parse(sample(10), { maxPartBytes: 1000, maxParts: 2 }, 64);
    expect(error).toMatchObject({ code: 'too_many_parts', httpStatus: 413 });
  });

  it('reads the boundary, quoted or not', () => {
    expect(boundaryOf('multipart/form-data; boundary=abc')).toBe('abc');
    expect(boundaryOf('multipart/form-data; boundary="a b"; charset=utf-8')).toBe('a b');
    expect(boundaryOf('application/json')).toBeUndefined();
  });
});
