import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compactString } from './compact-string.js';

test('a compacted string reads the same as the rope or slice it was made from, curly quotes and all', () => {
  const large = '‘Quote’ — '.repeat(1000);
  const rope = large.slice(10, 500) + '<p>' + 'Ω'.repeat(3) + '</p>';
  assert.equal(compactString(rope), rope);
  assert.equal(compactString(''), '');
});
