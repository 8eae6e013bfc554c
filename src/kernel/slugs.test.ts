import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nameKey, slugify } from './slugs.js';

test('slugs are lower-case words joined by hyphens, other scripts transliterated', () => {
  assert.equal(
    slugify('Putin: Russia Considering Airstrikes Against Islamic State'),
    'putin-russia-considering-airstrikes-against-islamic-state',
  );
  assert.equal(slugify('Forces & Families'), 'forces-and-families');
  assert.equal(slugify("Don't stop"), 'dont-stop');
  assert.equal(slugify('Новости армии'), 'novosti-armii');
  assert.match(slugify('北京'), /^item-[0-9a-f]{8}$/);
  assert.equal(slugify('北京'), slugify('北京'), 'the fallback is stable');
  const long = slugify('word '.repeat(40));
  assert.ok(long.length <= 80 && !long.endsWith('-') && long.endsWith('word'));
});

test('name keys ignore case and spacing', () => {
  assert.equal(nameKey('  Royal   Navy '), 'royal navy');
  assert.equal(nameKey('ROYAL NAVY'), nameKey('royal navy'));
});
