import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDatabase } from '../../test/helpers/databases.js';
import type { DatabaseHandle } from './database.js';
import { preparedQuery } from './prepared-query.js';

forEachDatabase('prepared queries', (database) => {
  let handle: DatabaseHandle;
  before(async () => {
    handle = await database.open();
    const now = new Date().toISOString();
    await handle.db
      .insertInto('sections')
      .values(
        ['Army', 'Navy', 'RAF'].map((name, position) => ({
          section_id: name,
          slug: name.toLowerCase(),
          name,
          name_key: name.toLowerCase(),
          description: '',
          position,
          created_at: now,
        })),
      )
      .execute();
  });
  after(() => handle?.close());

  test('a query compiled once runs with each call’s values, including limit and offset', async () => {
    const db = handle.db;
    const page = preparedQuery(
      db,
      (after: number, limit: number, offset: number) =>
        db.selectFrom('sections').select('name').where('position', '>=', after).orderBy('position').limit(limit).offset(offset),
      3,
    );
    assert.deepEqual(
      (await page(0, 2, 0)).map((r) => r.name),
      ['Army', 'Navy'],
    );
    assert.deepEqual(
      (await page(0, 2, 2)).map((r) => r.name),
      ['RAF'],
    );
    assert.deepEqual(
      (await page(1, 10, 0)).map((r) => r.name),
      ['Navy', 'RAF'],
    );
    const bySlug = preparedQuery(db, (slug: string) => db.selectFrom('sections').select('name').where('slug', '=', slug), 1);
    assert.deepEqual(await bySlug('navy'), [{ name: 'Navy' }]);
    assert.deepEqual(await bySlug("raf' or '1'='1"), [], 'values stay bound parameters');
  });

  test('a parameter that is not used as a bound value is refused when the query is built', () => {
    const db = handle.db;
    assert.throws(() => preparedQuery(db, (_unused: string) => db.selectFrom('sections').select('name'), 1), /every parameter/);
  });
});
