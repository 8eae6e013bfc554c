/** The kinds of failure the domain can report; one error handler maps each to HTTP. */
export type AppErrorKind = 'NotFound' | 'Gone' | 'Validation' | 'Conflict' | 'Forbidden' | 'Unauthenticated';

/** A failure the caller can act on: a stable SCREAMING_SNAKE code and a message safe to show. */
export class AppError extends Error {
  constructor(
    readonly kind: AppErrorKind,
    readonly code: string,
    message: string,
    /** Per-field messages for forms and API clients. */
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** The requested thing does not exist. */
export const notFound = (code: string, message: string) => new AppError('NotFound', code, message);
/** The thing existed but was withdrawn on purpose. */
export const gone = (code: string, message: string) => new AppError('Gone', code, message);
/** The input is malformed or breaks a rule; nothing was written. */
export const invalid = (code: string, message: string, fields: Record<string, string> = {}) =>
  new AppError('Validation', code, message, fields);
/** The input clashes with what is stored. */
export const conflict = (code: string, message: string) => new AppError('Conflict', code, message);

/** True when `e` is an AppError, optionally of one kind. */
export function isAppError(e: unknown, kind?: AppErrorKind): e is AppError {
  return e instanceof AppError && (kind === undefined || e.kind === kind);
}
