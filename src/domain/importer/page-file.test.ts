// Bytes -> text: empty, oversized, binary and non-UTF-8 files, and the BOM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertInvalid } from '../../../test/helpers/assert-invalid.js';
import { MAX_PAGE_BYTES, decodePageFile } from './page-file.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

test('decodePageFile: empty and whitespace-only files', () => {
  assertInvalid(() => decodePageFile(new Uint8Array()), 'FILE_EMPTY', /empty/);
  assertInvalid(() => decodePageFile(utf8(' \n\t\r\n\u00a0 \f')), 'FILE_EMPTY', /only whitespace/);
});

test('decodePageFile: over 5 MB is rejected, exactly 5 MB is accepted', () => {
  assertInvalid(() => decodePageFile(new Uint8Array(MAX_PAGE_BYTES + 1).fill(0x61)), 'FILE_TOO_LARGE', /5 MB/);
  assert.equal(decodePageFile(new Uint8Array(MAX_PAGE_BYTES).fill(0x61)).length, MAX_PAGE_BYTES);
});

test('decodePageFile: NUL and other control bytes mean binary', () => {
  assertInvalid(() => decodePageFile(utf8('abc\u0000def')), 'FILE_BINARY', /NUL byte .* at byte 3/);
  assertInvalid(() => decodePageFile(utf8('abc\u0007')), 'FILE_BINARY', /control character \(0x07\)/);
  assertInvalid(() => decodePageFile(utf8('abc\u0085')), 'FILE_BINARY', /control character/);
  assert.equal(decodePageFile(utf8('a\tb\fc\r\nd')), 'a\tb\fc\r\nd');
});

test('decodePageFile: invalid UTF-8 and BOM handling', () => {
  assertInvalid(() => decodePageFile(new Uint8Array([0xff, 0xfe, 0x41])), 'FILE_NOT_UTF8', /not valid UTF-8/);
  assert.equal(decodePageFile(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Hi “there”')])), 'Hi “there”');
});
