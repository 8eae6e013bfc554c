import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCardTime, formatDateTime, fromUkLocal, toUkLocal } from './uk-time.js';

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

test('a card says "Today" and the UK time for today’s stories, the date for older ones', () => {
  const now = '2026-07-01T22:30:00Z'; // 23:30 in London (BST)
  assert.equal(formatCardTime('2026-07-01T08:05:00Z', now), 'Today, 09:05');
  // 23:10 UTC on 30 June is 00:10 on 1 July in London: today there, whatever UTC says.
  assert.equal(formatCardTime('2026-06-30T23:10:00Z', now), 'Today, 00:10');
  assert.equal(formatCardTime('2026-06-30T22:50:00Z', now), '30 June 2026');
  assert.equal(formatCardTime('2026-11-27T12:00:00Z', '2026-11-27T23:59:00Z'), 'Today, 12:00');
});
