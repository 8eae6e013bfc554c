import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeForStatus, ERROR_CODES, statusOf, type ErrorCode } from './error-codes.js';
import { AppError } from './errors.js';

/** The catalogue as clients rely on it: changing a code's status is a breaking change. */
const EXPECTED: Record<ErrorCode, number> = {
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
  VALIDATION_FAILED: 422,
  NAME_REQUIRED: 422,
  NAME_TOO_LONG: 422,
  INVALID_SLUG: 422,
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
};

test('every error code has its HTTP status, and an AppError takes the status of its code', () => {
  assert.deepEqual({ ...ERROR_CODES }, EXPECTED);
  for (const [code, status] of Object.entries(EXPECTED) as Array<[ErrorCode, number]>) {
    assert.match(code, /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/, `${code} is SCREAMING_SNAKE`);
    assert.ok(status >= 400 && status < 600, `${code} maps to an error status`);
    assert.equal(statusOf(code), status);
    const error = new AppError(code, 'message');
    assert.equal(error.status, status);
    assert.equal(error.code, code);
  }
});

test('framework failures get a code by their status', () => {
  assert.equal(codeForStatus(404), 'PAGE_NOT_FOUND');
  assert.equal(codeForStatus(413), 'PAYLOAD_TOO_LARGE');
  assert.equal(codeForStatus(414), 'URI_TOO_LONG');
  assert.equal(codeForStatus(415), 'UNSUPPORTED_MEDIA_TYPE');
  assert.equal(codeForStatus(429), 'RATE_LIMITED');
  assert.equal(codeForStatus(400), 'BAD_REQUEST');
  assert.equal(codeForStatus(405), 'BAD_REQUEST');
  assert.equal(codeForStatus(503), 'INTERNAL_ERROR');
});
