import type { Context } from 'hono';
import { InvalidInputError } from '../shared/errors';

/**
 * Reads a JSON request body. An empty body counts as `{}`, so the schema then names the missing
 * fields; a body that is not JSON (or is sent form-encoded) is a 400 saying so, instead of a
 * schema error about a field the client did send.
 */
export async function readJson(c: Context): Promise<unknown> {
  const raw = await c.req.text();
  if (raw.trim() === '') return {};
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data') {
    throw new InvalidInputError('not_json', `The body must be JSON (content-type: application/json), not ${type}`);
  }
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw new InvalidInputError('invalid_json', `The request body is not valid JSON: ${(e as Error).message}`);
  }
}
