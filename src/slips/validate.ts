import type { z } from 'zod';
import { InvalidInputError } from '../shared/errors';

/**
 * Parses slip input with its schema; a failure becomes one InvalidInputError listing every
 * problem with its path ("dossier.applicant.name: must not be empty"), so the caller can fix
 * all of them at once.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`);
  throw new InvalidInputError('invalid_slip_input', `Invalid ${what} input: ${problems.join('; ')}`, { problems });
}
