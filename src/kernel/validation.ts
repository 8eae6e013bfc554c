import { z } from 'zod';
import { invalid } from './errors.js';

/** Parses with zod, turning its issues into one Validation error with per-field messages. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) fields[issue.path.join('.') || 'input'] ??= issue.message;
  const summary = Object.entries(fields)
    .map(([k, v]) => `${k} ${v}`)
    .join('; ');
  throw invalid('VALIDATION_FAILED', `Please correct: ${summary}.`, fields);
}

/**
 * A link an editor may set: a site path ("/army") or an http(s) address. Never
 * javascript: or data:, and no backslashes or spaces, which browsers read as "//".
 */
export const linkTarget = z
  .string()
  .trim()
  .refine(
    (u) => (/^\/(?![/\\])/.test(u) || /^https?:\/\//i.test(u)) && !/[\\\s]/.test(u),
    'must be a path starting with / or a web address',
  );
