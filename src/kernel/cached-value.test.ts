import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cachedValue } from './cached-value.js';

test('a cached value loads once, reloads after its time or when cleared, and never keeps a failure', async () => {
  let clock = 0;
  let loads = 0;
  let fail = false;
  const value = cachedValue(
    async () => {
      loads++;
      if (fail) throw new Error('database down');
      return loads;
    },
    { now: () => new Date(clock) },
    100,
  );
  assert.equal(await value.get(), 1);
  assert.equal(await value.get(), 1);
  clock = 100;
  assert.equal(await value.get(), 2);
  value.clear();
  assert.equal(await value.get(), 3);
  value.clear();
  fail = true;
  await assert.rejects(value.get(), /database down/);
  fail = false;
  assert.equal(await value.get(), 5, 'the failed load was not kept');
});
