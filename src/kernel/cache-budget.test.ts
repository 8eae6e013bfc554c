import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { boot } from '../boot.js';
import { loadConfig } from '../config.js';
import { cacheBudget, DEFAULT_CACHE_MB } from './cache-budget.js';
import { silentLogger } from './logger.js';

test('CACHE_MB is shared among pages, read models, the database and bodies, within the total', () => {
  for (const mb of [1, DEFAULT_CACHE_MB, 256]) {
    const { pages, readModels, database, bodies } = cacheBudget(mb);
    assert.ok(pages + readModels + database + bodies <= mb * 1024 * 1024, `${mb} MB`);
    assert.ok(
      pages > readModels && readModels > database && database > bodies && bodies > 0,
      `${mb} MB: ${pages}, ${readModels}, ${database}, ${bodies}`,
    );
  }
  assert.deepEqual(cacheBudget(), cacheBudget(DEFAULT_CACHE_MB));
});

test('CACHE_MB is read from the environment, and a value that is no size is refused by name', () => {
  assert.equal(loadConfig({}).cacheMb, DEFAULT_CACHE_MB);
  assert.equal(loadConfig({ CACHE_MB: '64' }).cacheMb, 64);
  for (const bad of ['0', '-5', '1.5', 'lots'])
    assert.throws(() => loadConfig({ CACHE_MB: bad }), /Invalid configuration: CACHE_MB: /, bad);
});

test("SQLite keeps CACHE_MB's share of pages in its own cache, not its build's 16 MB", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'despatch-cache-'));
  try {
    for (const cacheMb of [undefined, 10]) {
      const { handle, close } = await boot(
        {
          databaseUrl: `sqlite:${join(dir, `site-${cacheMb ?? 'default'}.db`)}`,
          siteUrl: 'https://news.example',
          mediaDir: join(dir, 'media'),
          ...(cacheMb ? { cacheMb } : {}),
        },
        { log: silentLogger },
      );
      try {
        const { rows } = await sql<{ cache_size: number }>`pragma cache_size`.execute(handle.db);
        // Negative: KiB.
        assert.equal(rows[0]?.cache_size, -Math.floor(cacheBudget(cacheMb).database / 1024), `CACHE_MB ${cacheMb ?? 'unset'}`);
      } finally {
        await close();
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
