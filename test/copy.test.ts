import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { despatchInProcess } from './helpers/cli.js';
import { openDatabase } from '../src/db/database.js';
import {
  countRows,
  PORTABLE_TABLES,
  readBatches,
  rowText,
  tableDigest,
  tableDigests,
  TABLES,
  type TableDigest,
} from '../src/db/table-digest.js';
import { anArticle, anAuthor, aStaffMember, aTopic } from './factories.js';
import { createTestContext } from './helpers/app.js';
import { unusedMediaDir } from './helpers/media-dir.js';
import { forEachDatabase, postgresSuite } from './helpers/databases.js';
import { sharedDatabase, type SharedDatabase } from './helpers/shared-database.js';

/** `despatch ARGS` in this process, on the database at `databaseUrl`. */
const despatch = (databaseUrl: string, ...args: string[]) =>
  despatchInProcess({ DATABASE_URL: databaseUrl, MEDIA_DIR: unusedMediaDir() }, ...args);

async function digestsOf(database: SharedDatabase): Promise<Map<string, TableDigest>> {
  const handle = await database.open();
  try {
    return await tableDigests(handle, PORTABLE_TABLES);
  } finally {
    await handle.close();
  }
}

postgresSuite('despatch copy: the SQLite demo outlet into PostgreSQL', () => {
  let source: SharedDatabase;
  let target: SharedDatabase;
  before(async () => {
    source = await sharedDatabase('sqlite');
    const ctx = await createTestContext({ database: source.asTestDatabase(), demo: true });
    try {
      await aStaffMember(ctx, 'admin');
    } finally {
      await ctx.close();
    }
    target = await sharedDatabase('postgres');
  });
  after(async () => {
    await target?.drop();
    await source?.drop();
  });

  test('copies every table in one go and verifies each; a second copy into it is refused', async () => {
    const copied = await despatch(source.url, 'copy', '--to', target.url);
    assert.equal(copied.code, 0, copied.stderr);
    const lines = copied.stdout.trim().split('\n');
    for (const table of PORTABLE_TABLES)
      assert.ok(
        lines.some((l) => new RegExp(`^${table.name} [\\d,]+ rows?, verified$`).test(l)),
        `${table.name} verified`,
      );
    assert.match(copied.stdout, /^articles [\d,]+ rows, verified$/m);
    assert.match(lines.at(-1)!, /^Copied \d+ tables \([\d,]+ rows\) and verified each\./);

    // The comparison the command made, made again here: every table the same on both.
    const from = await digestsOf(source);
    const to = await digestsOf(target);
    assert.equal(to.size, PORTABLE_TABLES.length);
    assert.deepEqual(to, from);
    assert.ok(from.get('articles')!.rows >= 6 && from.get('media')!.rows > 0 && from.get('staff_users')!.rows === 1);
    // Scores and focal points are doubles in SQLite and singles in PostgreSQL: compared as singles.
    assert.ok(from.get('related_articles')!.rows > 0);

    const again = await despatch(source.url, 'copy', '--to', target.url);
    assert.equal(again.code, 1);
    assert.match(
      again.stderr,
      /^The database --to names is not empty: it has [\d,]+ articles, 1 staff user and \d+ applied migrations\. Copy only into a new, empty database; nothing was copied\.\n$/,
    );
    assert.deepEqual(await digestsOf(target), to, 'the refused copy wrote nothing');

    // The checksum sees a single changed value, in that table only.
    const handle = await target.open();
    try {
      const author = await handle.db.selectFrom('authors').select(['author_id', 'bio']).executeTakeFirstOrThrow();
      await handle.db
        .updateTable('authors')
        .set({ bio: `${author.bio}.` })
        .where('author_id', '=', author.author_id)
        .execute();
      const changed = await tableDigests(handle, PORTABLE_TABLES);
      assert.deepEqual(
        PORTABLE_TABLES.map((t) => t.name).filter((name) => changed.get(name)!.checksum !== from.get(name)!.checksum),
        ['authors'],
      );
      assert.equal(changed.get('authors')!.rows, from.get('authors')!.rows);
      await handle.db.updateTable('authors').set({ bio: author.bio }).where('author_id', '=', author.author_id).execute();
    } finally {
      await handle.close();
    }
    assert.deepEqual(await digestsOf(target), from);
  });

  test('the site runs on the copy: the seed article renders and search (rebuilt there) finds it', async () => {
    const ctx = await createTestContext({ database: target.asTestDatabase() });
    try {
      const path = '/tri-service/putin-russia-considering-airstrikes-against-islamic-state';
      const page = await ctx.app.inject(path);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Putin: Russia Considering Airstrikes Against Islamic State/);
      const search = await ctx.app.inject('/search?q=putin');
      assert.equal(search.statusCode, 200);
      assert.ok(search.body.includes(`href="${path}"`), 'the search finds the seed article');
    } finally {
      await ctx.close();
    }
  });
});

test('despatch copy needs --to, and refuses a database that is not up to date', async () => {
  const usage = await despatch('sqlite::memory:', 'copy');
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /copy needs --to URL/);
  const source = await sharedDatabase('sqlite');
  const target = await sharedDatabase('sqlite');
  try {
    await (await openDatabase(source.url)).close();
    const behind = await despatch(source.url, 'copy', '--to', target.url);
    assert.equal(behind.code, 1);
    assert.match(
      behind.stderr,
      /^The database is not up to date \(\d+ migrations to apply\): run `despatch migrate` first; nothing was copied\.\n$/,
    );
  } finally {
    await source.drop();
    await target.drop();
  }
});

forEachDatabase('table digests', (db) => {
  test('rows are read a batch at a time after the last key, each once, whatever the batch size', async () => {
    const ctx = await createTestContext({ database: db });
    try {
      const authors = [await anAuthor(ctx), await anAuthor(ctx)];
      const topics = [await aTopic(ctx), await aTopic(ctx), await aTopic(ctx)];
      const section = 'Army';
      for (let i = 0; i < 5; i++) await anArticle(ctx, { section, authors, topics });
      const present = await tableDigests(ctx.handle);
      // Keys of one text column, of two, and of text and a number.
      for (const name of ['articles', 'article_authors', 'related_articles']) assert.ok(present.get(name)!.rows >= 4, `${name} has rows`);
      for (const table of TABLES) {
        if (!present.has(table.name)) continue;
        const seen: string[] = [];
        for await (const batch of readBatches(ctx.handle.db, table, 3)) {
          assert.ok(batch.length <= 3);
          for (const row of batch) seen.push(rowText(row));
        }
        assert.equal(seen.length, await countRows(ctx.handle.db, table.name), table.name);
        assert.equal(new Set(seen).size, seen.length, `${table.name}: no row twice`);
        assert.deepEqual(await tableDigest(ctx.handle.db, table, 3), present.get(table.name), table.name);
      }
    } finally {
      await ctx.close();
    }
  });
});
