import { z } from 'zod';
import { invalid } from './errors.js';

/**
 * C0 controls other than tab, LF and CR, DEL, and C1 controls. They have no place in text a
 * person typed; NUL in particular is refused by PostgreSQL's text type (a 500 there, stored
 * as-is by SQLite), and the others hide text from readers or confuse terminals and feeds.
 */
// oxlint-disable-next-line no-control-regex
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/**
 * Every string in `input` with line endings made LF (a form sends CRLF, a file may use
 * either), and the paths of strings holding a forbidden control character.
 */
function normaliseText(input: unknown, path: string, bad: Map<string, string>): unknown {
  if (typeof input === 'string') {
    const found = FORBIDDEN_CONTROL.exec(input);
    if (found)
      bad.set(
        path || 'input',
        `contains a control character (U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}); remove it and try again`,
      );
    return input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  }
  if (Array.isArray(input)) return input.map((v, i) => normaliseText(v, path ? `${path}.${i}` : String(i), bad));
  if (input !== null && typeof input === 'object' && Object.getPrototypeOf(input) === Object.prototype) {
    return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, normaliseText(v, path ? `${path}.${k}` : k, bad)]));
  }
  return input;
}

/**
 * Parses with zod, turning its issues into one Validation error with per-field messages.
 * Every door's input passes here, so text is checked once for all of them: control
 * characters are refused (422, nothing written) and CRLF becomes LF.
 */
export function parseInput<T>(schema: z.ZodType<T>, raw: unknown): T {
  const bad = new Map<string, string>();
  const input = normaliseText(raw, '', bad);
  if (bad.size > 0) {
    const fields = Object.fromEntries(bad);
    throw invalid('VALIDATION_FAILED', `Please correct: ${[...bad].map(([k, v]) => `${k} ${v}`).join('; ')}.`, fields);
  }
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
