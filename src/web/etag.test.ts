import assert from 'node:assert/strict';
import { test } from 'node:test';
import { etagMatches } from './etag.js';

test('If-None-Match compares weakly, accepts * and lists, and never matches another tag', () => {
  assert.equal(etagMatches('W/"abc"', 'W/"abc"'), true);
  assert.equal(etagMatches('"abc"', 'W/"abc"'), true, 'the strong form of a weak tag');
  assert.equal(etagMatches('W/"abc"', '"abc"'), true, 'the weak form of a strong tag');
  assert.equal(etagMatches('*', '"abc"'), true);
  assert.equal(etagMatches('"x", W/"abc" , "y"', 'W/"abc"'), true);
  assert.equal(etagMatches('"abcd"', 'W/"abc"'), false);
  assert.equal(etagMatches('abc', 'W/"abc"'), false, 'an unquoted value is not the tag');
  assert.equal(etagMatches(undefined, '"abc"'), false);
  assert.equal(etagMatches('', '"abc"'), false);
});
