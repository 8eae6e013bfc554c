import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { start } from '../src/boot.js';
import { watchOtherWriters } from '../src/db/change-watch.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { fixedClock } from '../src/kernel/clock.js';
import { silentLogger } from '../src/kernel/logger.js';
import { anArticle, FACTORY } from './factories.js';
import { createTestContext, TEST_NOW } from './helpers/app.js';

/** Waits for `check` to hold, up to `ms`; false if it never did. */
async function eventually(check: () => Promise<boolean> | boolean, ms = 5000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 25))) if (await check()) return true;
  return false;
}

async function sqliteFile(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'despatch-writers-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return `sqlite:${join(dir, 'site.db')}`;
}

test('SQLite: a write by another connection is noticed; this connection’s own writes are not', async (t) => {
  const url = await sqliteFile(t);
  const mine = await openDatabase(url);
  const theirs = await openDatabase(url);
  t.after(async () => {
    await mine.close();
    await theirs.close();
  });
  await migrateToLatest(mine);
  let noticed = 0;
  const stop = watchOtherWriters(mine, () => noticed++, 20);
  t.after(() => stop());
  await new Promise((r) => setTimeout(r, 100)); // the first reading is taken

  await mine.db.insertInto('site_settings').values({ key: 'mine', value: '1' }).execute();
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(noticed, 0, 'its own write is announced by its outbox, not by the watch');

  await theirs.db.insertInto('site_settings').values({ key: 'theirs', value: '1' }).execute();
  assert.ok(await eventually(() => noticed === 1), 'the other connection’s write is noticed');
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(noticed, 1, 'once');
});

test('a section made by an import in another process is in the running site’s navigation within seconds, not at the next cache expiry', async (t) => {
  const url = await sqliteFile(t);
  // The server: its clock never moves, so no cached page or list would ever expire by age.
  const server = await createTestContext({ database: { name: 'sqlite', open: () => openDatabase(url) } });
  t.after(() => server.close());
  await anArticle(server, { section: 'Army', headline: 'Reservists called up' });
  const nav = async () => /<nav class="sections-nav"[^]*?<\/nav>/.exec((await server.app.inject('/')).body)![0];
  assert.doesNotMatch(await nav(), /Cyber/);
  assert.equal((await server.app.inject('/')).headers['x-cache'], 'HIT', 'the front page is cached');

  // The command line: another process on the same file, as `despatch import` is.
  const mediaDir = await mkdtemp(join(tmpdir(), 'despatch-media-'));
  t.after(() => rm(mediaDir, { recursive: true, force: true }));
  const cli = await start(await openDatabase(url), {
    siteUrl: 'http://despatch.test',
    log: silentLogger,
    mediaDir,
    clock: fixedClock(TEST_NOW),
  });
  t.after(() => cli.close());
  await cli.services.taxonomy.ensureSection(FACTORY, 'Cyber');
  await anArticle(cli, { section: 'Cyber', headline: 'Cyber reservists called up' });

  assert.ok(await eventually(async () => /Cyber/.test(await nav())), 'the new section shows in the navigation');
  assert.match((await server.app.inject('/')).body, /Cyber reservists called up/, 'and its story on the front page');
  assert.match((await server.app.inject('/army')).body, /href="\/cyber"/, 'on every page alike');
});
