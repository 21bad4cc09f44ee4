import type { Context } from 'hono';
import { InvalidInputError } from '../shared/errors';
import { MULTIPART_OVERHEAD_BYTES } from '../shared/limits';
import type { AppEnv } from './context';
import { boundaryOf, multipartGuard } from './multipart-guard';

/** Text fields a form may carry besides its files (procedure, applicant, notes, JSON lists). */
const MAX_FIELDS = 32;

export interface ParsedForm {
  fields: Record<string, string>;
  files: { field: string; name: string; bytes: Uint8Array; type: string }[];
}

/**
 * Reads a multipart/form-data body. A body that is not multipart, or is cut or malformed,
 * is a 400 naming the problem rather than a 500 from deep inside the parser. Each part is held
 * to the configured largest file while it is read, and the parts to the most files plus the
 * text fields, and the whole body to the route's limit (413), without buffering it first.
 */
export async function readMultipart(c: Context<AppEnv>): Promise<ParsedForm> {
  const type = c.req.header('content-type') ?? '';
  const boundary = boundaryOf(type);
  if (!/^multipart\/form-data;/i.test(type) || !boundary) {
    throw new InvalidInputError('not_multipart', 'Expected a multipart/form-data body with a boundary');
  }
  const { maxUploadBytes, maxFiles } = c.var.services.settings;
  const guard = multipartGuard(boundary, { maxPartBytes: maxUploadBytes + MULTIPART_OVERHEAD_BYTES, maxParts: maxFiles + MAX_FIELDS, maxTotalBytes: c.var.bodyLimit });
  let form: FormData;
  try {
    const body = c.req.raw.body?.pipeThrough(guard.stream);
    form = await new Request(c.req.raw.url, { method: c.req.method, headers: c.req.raw.headers, body, duplex: 'half' } as RequestInit).formData();
  } catch (e) {
    if (guard.violation) throw guard.violation;
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
