import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FilterSyntaxError, matchesNql, parseNql } from './nql.js';

test('NQL: terms, negation, lists, comparisons, quotes; "+" binds tighter than ","', () => {
  assert.deepEqual(parseNql('tag:nato'), { field: 'tag', op: '=', values: ['nato'] });
  assert.deepEqual(parseNql('tag:-nato'), { field: 'tag', op: '!=', values: ['nato'] });
  assert.deepEqual(parseNql('tags:[a, b,c]'), { field: 'tags', op: '=', values: ['a', 'b', 'c'] });
  assert.deepEqual(parseNql("published_at:>='2026-11-01 10:00:00'"), { field: 'published_at', op: '>=', values: ['2026-11-01 10:00:00'] });
  assert.deepEqual(parseNql("title:'It\\'s here'"), { field: 'title', op: '=', values: ["It's here"] });
  assert.deepEqual(parseNql('a:1+b:2,c:3'), {
    or: [
      {
        and: [
          { field: 'a', op: '=', values: ['1'] },
          { field: 'b', op: '=', values: ['2'] },
        ],
      },
      { field: 'c', op: '=', values: ['3'] },
    ],
  });
  assert.deepEqual(parseNql('a:1+(b:2,c:3)'), {
    and: [
      { field: 'a', op: '=', values: ['1'] },
      {
        or: [
          { field: 'b', op: '=', values: ['2'] },
          { field: 'c', op: '=', values: ['3'] },
        ],
      },
    ],
  });
});

test('NQL: malformed filters are refused with where they went wrong', () => {
  for (const [filter, message] of [
    ['tag', /":" was expected after "tag"/],
    ['tag:', /a value was expected/],
    ['tag:[a,b', /"\]" was expected/],
    ["tag:'open", /an unclosed quote/],
    ['(tag:a', /"\)" was expected/],
    ['tag:a)', /unexpected "\)"/],
    ['count:>[1,2]', /a list cannot be compared/],
    ['title:~war', /not supported/],
    ['x'.repeat(2001), /at most 2000 characters/],
  ] as const)
    assert.throws(
      () => parseNql(filter),
      (e: unknown) => e instanceof FilterSyntaxError && message.test(e.message),
      filter,
    );
});

test('NQL in memory: equality ignores case, negation excludes, numbers compare as numbers, unknown fields refused', () => {
  const tag = { slug: 'nato', visibility: 'public', 'count.posts': 12 };
  assert.equal(matchesNql(parseNql('slug:NATO'), tag), true);
  assert.equal(matchesNql(parseNql('slug:-[nato,army]'), tag), false);
  assert.equal(matchesNql(parseNql('count.posts:>9'), tag), true, '12 > 9 as numbers, not as text');
  assert.equal(matchesNql(parseNql('count.posts:<9,slug:nato'), tag), true);
  assert.throws(() => matchesNql(parseNql('colour:red'), tag), /cannot filter on "colour"/);
});
