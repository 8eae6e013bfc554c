import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../config.js';
import { cacheBudget, DEFAULT_CACHE_MB } from './cache-budget.js';

test('CACHE_MB is shared among pages, read models and bodies, within the total', () => {
  for (const mb of [1, DEFAULT_CACHE_MB, 256]) {
    const { pages, readModels, bodies } = cacheBudget(mb);
    assert.ok(pages + readModels + bodies <= mb * 1024 * 1024, `${mb} MB`);
    assert.ok(pages > readModels && readModels > bodies && bodies > 0, `${mb} MB: ${pages}, ${readModels}, ${bodies}`);
  }
  assert.deepEqual(cacheBudget(), cacheBudget(DEFAULT_CACHE_MB));
});

test('CACHE_MB is read from the environment, and a value that is no size is refused by name', () => {
  assert.equal(loadConfig({}).cacheMb, DEFAULT_CACHE_MB);
  assert.equal(loadConfig({ CACHE_MB: '64' }).cacheMb, 64);
  for (const bad of ['0', '-5', '1.5', 'lots'])
    assert.throws(() => loadConfig({ CACHE_MB: bad }), /Invalid configuration: CACHE_MB: /, bad);
});
