import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../src/db/database.js';
import { createMigrator, migrateToLatest, migrations } from '../src/db/migrator.js';
import { forEachDatabase } from './helpers/databases.js';

/** This database's own tables: on PostgreSQL, introspection also lists other schemas' (other suites running at once). */
async function tablesOf(handle: DatabaseHandle) {
  const tables = await handle.db.introspection.getTables();
  return handle.migrationSchema ? tables.filter((t) => t.schema === handle.migrationSchema) : tables;
}

forEachDatabase('migrations', (database) => {
  let handle: DatabaseHandle;
  before(async () => {
    handle = await database.open();
  });
  after(() => handle.close());

  test('every migration ran once and a second run changes nothing', async () => {
    const done = await handle.db
      .selectFrom('kysely_migration' as never)
      .select(sql<string>`name`.as('name'))
      .execute();
    assert.deepEqual(done.map((r) => r.name).sort(), Object.keys(migrations).sort());
    assert.deepEqual(await migrateToLatest(handle), []);
  });

  test('the tables the pages read exist', async () => {
    const tables = (await tablesOf(handle)).map((t) => t.name);
    for (const name of [
      'sections',
      'topics',
      'topic_aliases',
      'authors',
      'series',
      'articles',
      'article_authors',
      'article_topics',
      'pull_quotes',
      'article_teasers',
      'event_outbox',
      'redirects',
      'site_settings',
      'channels',
      'footer_links',
      'subscribers',
      'article_bodies',
    ]) {
      assert.ok(tables.includes(name), `missing table ${name}`);
    }
  });

  test('constraints refuse bad rows', async () => {
    const now = new Date().toISOString();
    await assert.rejects(
      handle.db
        .insertInto('topics')
        .values({
          topic_id: 't1',
          slug: 't1',
          name: 'T',
          name_key: 't',
          kind: 'nonsense' as never,
          description: '',
          created_at: now,
          distinctive: 0,
        })
        .execute(),
      /CHECK constraint failed|violates check constraint/i,
      'a topic kind outside the list is refused',
    );
    await assert.rejects(
      handle.db
        .insertInto('topics')
        .values({
          topic_id: 't2',
          slug: 't2',
          name: 'T2',
          name_key: 't2',
          kind: 'subject',
          description: '',
          created_at: now,
          distinctive: 2,
        })
        .execute(),
      /CHECK constraint failed|violates check constraint/i,
      'a topic is distinctive or not, nothing else',
    );
    await assert.rejects(
      handle.db
        .insertInto('articles')
        .values({
          article_id: 'a1',
          slug: 'a1',
          section_id: 'no-such-section',
          series_id: null,
          kicker: null,
          headline: 'H',
          headline_key: 'h',
          standfirst: '',
          byline: null,
          hero_image_url: null,
          hero_image_alt: null,
          hero_image_caption: null,
          hero_image_credit: null,
          status: 'published',
          published_at: now,
          updated_at: now,
          created_at: now,
          import_key: null,
          import_source: null,
          created_by: null,
          version: 1,
          stage: 'writing',
          review_note: null,
        })
        .execute(),
      /FOREIGN KEY constraint failed|violates foreign key constraint/i,
      'an article in a missing section is refused',
    );
  });
});

forEachDatabase('migrations after the first release of the schema', (database) => {
  test('fill the headline key and move the bodies of articles that were already there', async () => {
    const handle = await database.open({ migrate: false });
    try {
      const migrator = createMigrator(handle);
      const before = await migrator.migrateTo('20261127_2340_create_subscribers');
      assert.equal(before.error, undefined);
      const now = new Date().toISOString();
      const db = handle.db as never as import('kysely').Kysely<any>;
      await db
        .insertInto('sections')
        .values([
          { section_id: 's', slug: 's', name: 'S', description: '', position: 0, created_at: now },
          // Before the unique name key, two sections could differ only in case and spacing.
          { section_id: 't', slug: 'royal-navy', name: 'Royal  Navy', description: '', position: 1, created_at: now },
          { section_id: 'u', slug: 'royal-navy-2', name: 'royal navy', description: '', position: 2, created_at: now },
        ])
        .execute();
      await db
        .insertInto('articles')
        .values({
          article_id: 'a',
          slug: 'a',
          section_id: 's',
          headline: '  F-35 Fury:   HMS Prince of Wales ',
          standfirst: '',
          body_md: '',
          status: 'published',
          published_at: now,
          updated_at: now,
          created_at: now,
        })
        .execute();
      await db.updateTable('articles').set({ body_md: 'The *body*.' }).execute();
      assert.deepEqual(
        await migrateToLatest(handle),
        Object.keys(migrations).filter((name) => name > '20261127_2340_create_subscribers'),
      );
      const row = await handle.db.selectFrom('articles').select('headline_key').executeTakeFirstOrThrow();
      assert.equal(row.headline_key, 'f-35 fury: hms prince of wales');
      const body = await handle.db.selectFrom('article_bodies').selectAll().executeTakeFirstOrThrow();
      assert.deepEqual(body, { article_id: 'a', body_md: 'The *body*.' }, 'bodies moved to their own table');
      const keys = await handle.db.selectFrom('sections').select(['section_id', 'name_key']).orderBy('section_id').execute();
      assert.deepEqual(
        keys,
        [
          { section_id: 's', name_key: 's' },
          { section_id: 't', name_key: 'royal navy' },
          { section_id: 'u', name_key: 'royal navy #u' },
        ],
        'name keys filled in; a case-duplicate keeps its row under a key of its own',
      );
      const columns = (await tablesOf(handle)).find((t) => t.name === 'articles')!.columns.map((c) => c.name);
      assert.ok(!columns.includes('body_md'));
    } finally {
      await handle.close();
    }
  });
});

forEachDatabase('migrations: topics become distinctive or not', (database) => {
  test('topics from before the flag are not distinctive; new ones default to not', async () => {
    const handle = await database.open({ migrate: false });
    try {
      const migrator = createMigrator(handle);
      const before = await migrator.migrateTo('20261201_1610_create_related_articles');
      assert.equal(before.error, undefined);
      const now = new Date().toISOString();
      const db = handle.db as never as import('kysely').Kysely<any>;
      await db
        .insertInto('topics')
        .values({ topic_id: 'old', slug: 'nato', name: 'NATO', name_key: 'nato', kind: 'organisation', description: '', created_at: now })
        .execute();
      assert.ok((await migrateToLatest(handle)).includes('20261201_1620_add_topic_distinctive'));
      await db
        .insertInto('topics')
        .values({ topic_id: 'new', slug: 'un', name: 'UN', name_key: 'un', kind: 'organisation', description: '', created_at: now })
        .execute();
      const rows = await handle.db.selectFrom('topics').select(['topic_id', 'distinctive']).orderBy('topic_id').execute();
      assert.deepEqual(
        rows.map((r) => [r.topic_id, Number(r.distinctive)]),
        [
          ['new', 0],
          ['old', 0],
        ],
      );
    } finally {
      await handle.close();
    }
  });
});

forEachDatabase('a failing migration', (database) => {
  test('leaves no trace: the whole run is rolled back', async () => {
    const handle = await database.open({ migrate: false });
    try {
      const failing = {
        ...migrations,
        '20991231_0000_fails_halfway': {
          async up(db: import('kysely').Kysely<any>) {
            await db.schema.createTable('half_done').addColumn('id', 'text').execute();
            throw new Error('disk full');
          },
        },
      };
      const migrator = createMigrator(handle, failing);
      const result = await migrator.migrateToLatest();
      assert.match(String(result.error), /disk full/);
      const tables = (await tablesOf(handle)).map((t) => t.name);
      assert.ok(!tables.includes('half_done'), 'the failed migration left nothing');
      assert.ok(!tables.includes('articles'), 'nor did the ones run with it');
      assert.deepEqual(await migrateToLatest(handle), Object.keys(migrations), 'the next run starts clean');
    } finally {
      await handle.close();
    }
  });
});
