import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import type { DatabaseHandle } from '../src/db/database.js';
import { loadDemo, shouldLoadDemo } from '../src/demo.js';
import { fixedClock } from '../src/kernel/clock.js';
import { silentLogger } from '../src/kernel/logger.js';
import type { Services } from '../src/services.js';
import { start } from '../src/boot.js';
import { forEachDatabase, type TestDatabase } from './helpers/databases.js';
import { FACTORY } from './factories.js';

/** An empty database with services and a media directory of its own, removed when the test `t` ends. */
async function emptySite(t: TestContext, database: TestDatabase): Promise<{ handle: DatabaseHandle; services: Services }> {
  const media = await mkdtemp(join(tmpdir(), 'despatch-demo-'));
  const { handle, services } = await start(await database.open(), {
    siteUrl: 'http://localhost:3000',
    log: silentLogger,
    clock: fixedClock('2026-11-27T12:00:00Z'),
    mediaDir: media,
  });
  t.after(() => handle.close());
  t.after(() => rm(media, { recursive: true, force: true }));
  return { handle, services };
}

const count = async (handle: DatabaseHandle, table: 'articles' | 'sections' | 'channels' | 'authors' | 'media') =>
  Number(
    (
      await handle.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

forEachDatabase('demo outlet', (database) => {
  test('an empty database gets the demo outlet: the seed, the teaser stories, four desks, people and channels', async (t) => {
    const { handle, services } = await emptySite(t, database);
    assert.equal(await shouldLoadDemo(services), true);
    assert.equal(await loadDemo(services), 6);
    assert.equal(await count(handle, 'articles'), 6);
    assert.equal(await count(handle, 'sections'), 4);
    assert.equal(await count(handle, 'authors'), 3);
    assert.ok((await count(handle, 'channels')) >= 3);
    const site = await services.site.getSite();
    assert.equal(site.outletName, 'The Garrison Wire');
    // A bare "Putin" or "NATO" names these in topic suggestions; "Russia" is named only in full anyway.
    const topics = await services.taxonomy.listTopics();
    assert.deepEqual(
      topics
        .filter((topic) => topic.distinctive)
        .map((topic) => topic.name)
        .sort(),
      ['Barack Obama', 'Ministry of Defence', 'NATO', 'Vladimir Putin'],
    );
    const pictures = await handle.db.selectFrom('media').select(['media_id', 'alt', 'credit', 'status']).execute();
    assert.equal(pictures.length, 9, 'one hero picture per non-seed article, the logo and three portraits, in the media library');
    assert.ok(site.logoMediaId && pictures.some((p) => p.media_id === site.logoMediaId), 'the logo is a library picture');
    const writers = await handle.db.selectFrom('authors').select(['photo_media_id', 'email']).execute();
    assert.ok(
      writers.every((w) => w.photo_media_id && w.email.endsWith('@garrisonwire.example')),
      'every writer has a portrait and an address',
    );
    const portraits = new Set(writers.map((w) => w.photo_media_id));
    assert.ok(
      pictures.every((p) => p.alt && p.credit && p.status === 'processing'),
      'described, sized by the job',
    );
    const heroes = await handle.db.selectFrom('articles').select('hero_media_id').where('hero_media_id', 'is not', null).execute();
    assert.deepEqual(
      new Set(heroes.map((h) => h.hero_media_id)),
      new Set(pictures.filter((p) => p.media_id !== site.logoMediaId && !portraits.has(p.media_id)).map((p) => p.media_id)),
    );
    const headlines = (await handle.db.selectFrom('articles').select('headline').execute()).map((r) => r.headline);
    for (const teaser of [
      'Royal Marine Commandos test drone swarm tech for coastline attacks',
      'F-35 Fury: HMS Prince of Wales makes record return to Europe',
      'The intensifying battle for Pokrovsk',
    ])
      assert.ok(headlines.includes(teaser), teaser);
    assert.equal(await shouldLoadDemo(services), false, 'loaded once');
  });

  test('a load cut short is finished on the next start without doubling anything', async (t) => {
    const { handle, services } = await emptySite(t, database);
    // The first load stops after two articles, as a crash or a power cut would stop it.
    let started = 0;
    const cutShort: Services = {
      ...services,
      importer: {
        ...services.importer,
        importPage: (...args: Parameters<Services['importer']['importPage']>) => {
          if (++started > 2) throw new Error('power cut');
          return services.importer.importPage(...args);
        },
      },
    };
    await assert.rejects(loadDemo(cutShort), /power cut/);
    assert.equal(await count(handle, 'articles'), 2, 'the first load was cut short');
    assert.equal(await shouldLoadDemo(services), true);
    assert.equal(await loadDemo(services), 6);
    assert.equal(await count(handle, 'articles'), 6);
    assert.equal(await count(handle, 'sections'), 4);
    assert.equal(await count(handle, 'authors'), 3);
    assert.equal(await count(handle, 'media'), 9, 'no picture twice');
    assert.equal(await shouldLoadDemo(services), false);
  });
});

forEachDatabase('demo outlet on a site in use', (database) => {
  test('a database with content of its own never gets the demo', async (t) => {
    const { services } = await emptySite(t, database);
    await services.taxonomy.ensureSection(FACTORY, 'Politics');
    assert.equal(await shouldLoadDemo(services), false);
  });
});
