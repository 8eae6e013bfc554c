import assert from 'node:assert/strict';
import { AppError } from '../../src/kernel/errors.js';

/** Asserts `fn` throws a Validation AppError with `code` and a message matching `message`. */
export function assertInvalid(fn: () => unknown, code: string, message: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof AppError, 'expected an AppError');
    assert.equal(e.kind, 'Validation');
    assert.equal(e.code, code);
    assert.match(e.message, message);
    return true;
  });
}

/** The same for an async `fn`: it rejects with a Validation AppError with `code` and a matching message. */
export async function rejectsInvalid(fn: () => Promise<unknown>, code: string, message: RegExp): Promise<void> {
  await assert.rejects(fn, (e: unknown) => {
    assert.ok(e instanceof AppError, `expected an AppError, got ${String(e)}`);
    assert.equal(e.kind, 'Validation');
    assert.equal(e.code, code);
    assert.match(e.message, message);
    return true;
  });
}
