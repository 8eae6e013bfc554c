import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { start } from '../src/boot.js';
import { openDatabase } from '../src/db/database.js';
import { fixedClock } from '../src/kernel/clock.js';
import { silentLogger } from '../src/kernel/logger.js';
import { anArticle, FACTORY } from './factories.js';
import { createTestContext, TEST_NOW } from './helpers/app.js';

/** Waits for `check` to hold, up to `ms`; false if it never did. */
async function eventually(check: () => Promise<boolean> | boolean, ms = 5000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 25))) if (await check()) return true;
  return false;
}

/** Another process on the file at `url` (booted as `despatch` boots), closed after the test. */
async function commandLine(t: { after(fn: () => Promise<void>): void }, url: string) {
  const mediaDir = await mkdtemp(join(tmpdir(), 'despatch-media-'));
  t.after(() => rm(mediaDir, { recursive: true, force: true }));
  const cli = await start(await openDatabase(url), {
    siteUrl: 'http://despatch.test',
    log: silentLogger,
    mediaDir,
    clock: fixedClock(TEST_NOW),
  });
  t.after(() => cli.close());
  return cli;
}

async function sqliteFile(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'despatch-writers-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return `sqlite:${join(dir, 'site.db')}`;
}

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
  const cli = await commandLine(t, url);
  await cli.services.taxonomy.ensureSection(FACTORY, 'Cyber');
  await anArticle(cli, { section: 'Cyber', headline: 'Cyber reservists called up' });

  assert.ok(await eventually(async () => /Cyber/.test(await nav())), 'the new section shows in the navigation');
  assert.match((await server.app.inject('/')).body, /Cyber reservists called up/, 'and its story on the front page');
  assert.match((await server.app.inject('/army')).body, /href="\/cyber"/, 'on every page alike');
});

test('a story edited by another process drops exactly the pages showing it, within a second', async (t) => {
  const url = await sqliteFile(t);
  const server = await createTestContext({ database: { name: 'sqlite', open: () => openDatabase(url) } });
  t.after(() => server.close());
  const story = await anArticle(server, { section: 'Army', headline: 'Reservists called up' });
  await anArticle(server, { section: 'Navy', headline: 'Frigate sails' });
  const pages = ['/', '/army', '/navy', story.path];
  for (const page of pages) await server.app.inject(page);
  for (const page of pages) assert.equal((await server.app.inject(page)).headers['x-cache'], 'HIT', `${page} is cached`);

  const cli = await commandLine(t, url);
  const edit = await cli.services.articles.getForEdit(story.id);
  await cli.services.articles.updateArticle(FACTORY, story.id, { ...edit, headline: 'Reservists stood down' });

  assert.ok(
    await eventually(async () => /Reservists stood down/.test((await server.app.inject(story.path)).body), 1000),
    'the story’s page',
  );
  assert.match((await server.app.inject('/')).body, /Reservists stood down/, 'the front page listing it');
  assert.match((await server.app.inject('/army')).body, /Reservists stood down/, 'its section');
  assert.equal((await server.app.inject('/navy')).headers['x-cache'], 'HIT', 'a page not showing it stays cached');
});
