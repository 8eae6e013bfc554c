import { statusOf, type CodeWithStatus, type ErrorCode } from './error-codes.js';

export type { ErrorCode } from './error-codes.js';

/** The kinds of failure the domain can report, by the HTTP status of their code. */
export type AppErrorKind =
  'NotFound' | 'Gone' | 'Validation' | 'Conflict' | 'Forbidden' | 'Unauthenticated' | 'TooLarge' | 'Request' | 'Internal';

const KINDS: Record<number, AppErrorKind> = {
  401: 'Unauthenticated',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  410: 'Gone',
  413: 'TooLarge',
  422: 'Validation',
};

/**
 * A failure the caller can act on: a code from the catalogue (`error-codes.ts`) and a message
 * safe to show. The HTTP status comes from the code, so one code never answers two ways.
 */
export class AppError extends Error {
  /** The HTTP status the code maps to. */
  readonly status: number;
  /** The kind of failure, derived from the status. */
  readonly kind: AppErrorKind;
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Per-field messages for forms and API clients. */
    readonly fields: Record<string, string> = {},
    /** Seconds after which trying again may succeed (sent as Retry-After). */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = statusOf(code);
    this.kind = KINDS[this.status] ?? (this.status >= 500 ? 'Internal' : 'Request');
  }
}

/** The requested thing does not exist. */
export const notFound = (code: CodeWithStatus<404>, message: string) => new AppError(code, message);
/** The thing existed but was withdrawn on purpose. */
export const gone = (code: CodeWithStatus<410>, message: string) => new AppError(code, message);
/** The input is malformed or breaks a rule; nothing was written. */
export const invalid = (code: CodeWithStatus<422>, message: string, fields: Record<string, string> = {}) =>
  new AppError(code, message, fields);
/** The input clashes with what is stored. */
export const conflict = (code: CodeWithStatus<409>, message: string) => new AppError(code, message);

/** True when `e` is an AppError, optionally of one kind. */
export function isAppError(e: unknown, kind?: AppErrorKind): e is AppError {
  return e instanceof AppError && (kind === undefined || e.kind === kind);
}
