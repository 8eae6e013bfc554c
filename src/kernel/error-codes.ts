/**
 * Every error code Despatch reports, with the HTTP status it answers with. The list is
 * closed: a new failure gets its code here first, so clients (the JSON API, `despatch import
 * --json`, scripts) can rely on codes never changing meaning. `error-codes.test.ts` pins it.
 */
export const ERROR_CODES = {
  // Requests that cannot be served as asked
  BAD_REQUEST: 400,
  CROSS_SITE_REQUEST: 403,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_TOKEN_INVALID: 403,
  PAGE_NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  DATABASE_UNAVAILABLE: 503,

  // Input
  VALIDATION_FAILED: 422,
  NAME_REQUIRED: 422,
  NAME_TOO_LONG: 422,
  INVALID_SLUG: 422,

  // Content
  ARTICLE_NOT_FOUND: 404,
  ARTICLE_WITHDRAWN: 410,
  ALREADY_PUBLISHED: 409,
  NOT_PUBLISHED: 409,
  SLUG_TAKEN: 409,
  ALREADY_IMPORTED: 409,
  VERSION_CONFLICT: 409,
  NOT_A_DRAFT_BEING_WRITTEN: 409,
  NOT_IN_REVIEW: 409,
  EMBARGOED: 409,
  NOT_SCHEDULABLE: 409,
  NOT_SCHEDULED: 409,
  SCHEDULE_IN_PAST: 422,
  NOT_A_DRAFT: 409,
  REVISION_NOT_FOUND: 404,
  NAME_TAKEN: 409,
  SECTION_NOT_FOUND: 404,
  TOPIC_NOT_FOUND: 404,
  SERIES_NOT_FOUND: 404,
  AUTHOR_NOT_FOUND: 404,
  /** An editor's suggested-topic button whose value the editor did not make. */
  SUGGESTION_UNREADABLE: 422,

  // Staff and sign-in
  STAFF_NOT_FOUND: 404,
  OUTBOX_MESSAGE_NOT_FOUND: 404,
  EMAIL_TAKEN: 409,
  LAST_ADMIN: 409,
  SIGN_IN_FAILED: 401,
  SIGN_IN_THROTTLED: 429,
  RESET_THROTTLED: 429,
  SIGN_IN_BUSY: 503,
  LINK_INVALID: 410,
  PASSWORD_WEAK: 422,
  PASSWORD_WRONG: 422,
  TWO_FACTOR_INVALID: 401,

  // Importing pages
  FILE_EMPTY: 422,
  FILE_TOO_LARGE: 422,
  FILE_BINARY: 422,
  FILE_NOT_UTF8: 422,
  NOT_A_FILE: 422,
  FILE_UNREADABLE: 422,
  NO_HEADLINE: 422,
  NO_STANDFIRST: 422,
  ONLY_CHROME: 422,
  NOT_A_PAGE: 422,
  INVALID_SECTION: 422,
  IMPORT_FAILED: 500,

  // Importing WordPress and Ghost exports
  NOT_AN_EXPORT: 422,
  EXPORT_MALFORMED: 422,
  EXPORT_DOCTYPE_REFUSED: 422,
  EXPORT_ITEM_INVALID: 422,

  // The media library
  UNSUPPORTED_IMAGE: 422,
  IMAGE_UNREADABLE: 422,
  IMAGE_TOO_LARGE: 422,
  MEDIA_NOT_FOUND: 404,
  MEDIA_IN_USE: 409,
  HERO_ALT_REQUIRED: 422,
  PICTURE_ALT_REQUIRED: 422,
  UNKNOWN_SECTION: 422,

  // Syndication and APIs
  API_KEY_NOT_FOUND: 404,
  URL_NOT_ALLOWED: 422,
  WEBHOOK_NOT_FOUND: 404,
  FILTER_INVALID: 400,

  // The newsletter
  SIGN_UP_THROTTLED: 429,
  SUBSCRIBER_NOT_FOUND: 404,
  ISSUE_NOT_FOUND: 404,
  ISSUE_NOT_EDITABLE: 409,
  ISSUE_ALREADY_SENT: 409,
} as const satisfies Record<string, number>;

/** A stable, SCREAMING_SNAKE name for one kind of failure. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes that answer with HTTP status `S`. */
export type CodeWithStatus<S extends number> = { [K in ErrorCode]: (typeof ERROR_CODES)[K] extends S ? K : never }[ErrorCode];

/** The HTTP status of `code`. */
export const statusOf = (code: ErrorCode): number => ERROR_CODES[code];

/** The code a framework-level failure (no AppError) answers with, by its HTTP status. */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 404:
      return 'PAGE_NOT_FOUND';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 414:
      return 'URI_TOO_LONG';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 429:
      return 'RATE_LIMITED';
    default:
      return status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST';
  }
}
