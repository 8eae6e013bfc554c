import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SEARCHES_PER_MINUTE } from '../src/web/reader/search.routes.js';
import { createTestContext } from './helpers/app.js';
import { forEachDatabase } from './helpers/databases.js';
import { sharedDatabase } from './helpers/shared-database.js';

forEachDatabase('request limits with two instances on one database', (database) => {
  test('a reader’s searches are counted once across both instances, not once per instance', async (t) => {
    const shared = await sharedDatabase(database.name);
    t.after(() => shared.drop());
    const a = await createTestContext({ database: shared.asTestDatabase() });
    t.after(() => a.close());
    const b = await createTestContext({ database: shared.asTestDatabase() });
    t.after(() => b.close());

    const reader = { remoteAddress: '198.51.100.4' };
    for (let i = 0; i < SEARCHES_PER_MINUTE; i++) {
      const instance = i % 2 === 0 ? a : b;
      assert.equal((await instance.app.inject({ url: '/search?q=army', ...reader })).statusCode, 200, `search ${i + 1}`);
    }
    for (const instance of [a, b]) {
      const limited = await instance.app.inject({ url: '/search?q=army', ...reader });
      assert.equal(limited.statusCode, 429, 'the limit is the outlet’s, not each instance’s');
      assert.ok(Number(limited.headers['retry-after']) > 0, 'and says when to come back');
    }
    assert.equal(
      (await a.app.inject({ url: '/search?q=army', remoteAddress: '198.51.100.5' })).statusCode,
      200,
      'another reader searches on',
    );

    // What is stored names no address: a keyed hash only.
    const keys = await a.handle.db.selectFrom('auth_throttle').select('throttle_key').execute();
    assert.ok(keys.length > 0);
    assert.ok(
      keys.every((k) => !k.throttle_key.includes('198.51.100')),
      keys.map((k) => k.throttle_key).join(', '),
    );
  });
});
