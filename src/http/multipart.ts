import type { Context } from 'hono';
import { InvalidInputError } from '../shared/errors';

export interface ParsedForm {
  fields: Record<string, string>;
  files: { field: string; name: string; bytes: Uint8Array; type: string }[];
}

/**
 * Reads a multipart/form-data body. A body that is not multipart, or is cut or malformed,
 * is a 400 naming the problem rather than a 500 from deep inside the parser.
 */
export async function readMultipart(c: Context): Promise<ParsedForm> {
  const type = c.req.header('content-type') ?? '';
  if (!/^multipart\/form-data;.*boundary=/i.test(type)) {
    throw new InvalidInputError('not_multipart', 'Expected a multipart/form-data body with a boundary');
  }
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch (e) {
    throw new InvalidInputError('broken_multipart', `The multipart body could not be parsed: ${(e as Error).message}`);
  }
  const fields: Record<string, string> = {};
  const files: ParsedForm['files'] = [];
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string') fields[key] = value;
    else files.push({ field: key, name: value.name, type: value.type, bytes: new Uint8Array(await value.arrayBuffer()) });
  }
  return { fields, files };
}

/** Parses a JSON-encoded form field, or throws a 400 naming the field. */
export function jsonField<T>(fields: Record<string, string>, name: string): T | undefined {
  const raw = fields[name];
  if (raw === undefined || raw === '') return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    throw new InvalidInputError('invalid_json_field', `Field '${name}' must be valid JSON`);
  }
}
