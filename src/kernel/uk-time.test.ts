import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDateTime, fromUkLocal, toUkLocal } from './uk-time.js';

test('UK wall-clock time converts both ways, in winter (GMT) and summer (BST)', () => {
  assert.equal(fromUkLocal('2026-11-27T13:30'), '2026-11-27T13:30:00.000Z');
  assert.equal(fromUkLocal('2026-07-01T09:00'), '2026-07-01T08:00:00.000Z');
  assert.equal(toUkLocal('2026-07-01T08:00:00.000Z'), '2026-07-01T09:00');
  assert.equal(toUkLocal('2026-11-27T13:30:00.000Z'), '2026-11-27T13:30');
  assert.equal(formatDateTime('2026-07-01T08:00:00.000Z'), '1 July 2026, 09:00 BST');
});

test('the hours around the clock changes resolve to real instants', () => {
  // 29 March 2026: 01:00 GMT becomes 02:00 BST, so 01:30 does not exist on the wall.
  assert.equal(fromUkLocal('2026-03-29T00:30'), '2026-03-29T00:30:00.000Z');
  assert.equal(fromUkLocal('2026-03-29T02:30'), '2026-03-29T01:30:00.000Z');
  // 25 October 2026: 01:30 happens twice; the first (BST) is taken.
  assert.equal(fromUkLocal('2026-10-25T01:30'), '2026-10-25T00:30:00.000Z');
});

test('what is not a date and time is refused', () => {
  for (const bad of ['', 'tomorrow', '2026-02-30T10:00', '2026-13-01T10:00', '2026-11-27 13:30']) assert.equal(fromUkLocal(bad), null, bad);
});
